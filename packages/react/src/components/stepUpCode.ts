// The second-factor code, as the reason dialog and the ended prompt ask for it.

/** Whether a code is still missing: required when the policy asks for one; its value is the server's to judge. */
export function checkStepUpCode(required: boolean, value: string): 'required' | null {
  return required && value.trim() === '' ? 'required' : null;
}

/** Whether the server refused the second-factor code (wrong or missing), so the code field takes the blame and the focus. */
export function isCodeRefusal(code: string | undefined): boolean {
  return code === 'step_up_invalid' || code === 'step_up_required';
}
