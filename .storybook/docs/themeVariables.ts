/** One `--ik-*` variable of the kit's stylesheet, as written in its CSS files. */
export interface ThemeVariable {
  name: string;
  /** The value in the light (default) theme, or the fallback written where it is only read. */
  light: string;
  /** The value under `[data-ik-theme="dark"]`, when it differs. */
  dark: string | null;
  /** The stylesheet files that declare or read it. */
  files: string[];
}

/**
 * Every `--ik-*` variable declared or read in `css` (file name → source), sorted by name.
 * Declarations under a selector naming the dark theme give the dark value; `var(--ik-x, fallback)`
 * counts too, so a hook a component reads but base.css does not declare still appears.
 */
export function parseThemeVariables(css: Record<string, string>): ThemeVariable[] {
  const found = new Map<string, ThemeVariable>();
  const entry = (name: string, file: string) => {
    const variable = found.get(name) ?? { name, light: '', dark: null, files: [] };
    if (!variable.files.includes(file)) variable.files.push(file);
    found.set(name, variable);
    return variable;
  };
  for (const [file, source] of Object.entries(css)) {
    const text = source.replace(/\/\*[\s\S]*?\*\//g, '');
    // Innermost blocks: `selector { declarations }` (an @media's inner rule is matched on its own).
    for (const [, selector = '', body = ''] of text.matchAll(/([^{}]*)\{([^{}]*)\}/g)) {
      const dark = /dark/.test(selector);
      for (const [name] of body.matchAll(/--ik-[\w-]+/g)) entry(name, file);
      for (const [, name = '', value = ''] of body.matchAll(/(--ik-[\w-]+)\s*:\s*([^;]+);?/g)) {
        const variable = entry(name, file);
        if (dark) variable.dark ??= value.trim();
        else if (!variable.light) variable.light = value.trim();
      }
      for (const [, name = '', fallback] of body.matchAll(/var\(\s*(--ik-[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))+))?\)/g)) {
        const variable = entry(name, file);
        if (!variable.light && fallback) variable.light = fallback.trim();
      }
    }
  }
  return [...found.values()]
    .map((variable) => ({ ...variable, dark: variable.dark === variable.light ? null : variable.dark }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
