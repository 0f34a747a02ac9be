/**
 * Visual regression for every story (the `storybook` Vitest project's setup file).
 *
 * After a story has rendered, run its play function and passed axe, it is photographed in light, then
 * dark (`data-ik-theme` on <html>), at the story's own viewport (1200 × 900 by default; 375 × 812 for
 * stories with `globals: { viewport: { value: 'mobile' } }`), and compared with the committed baselines
 * in `.storybook/baselines/` (PNG, 1x). `pnpm test:visual:update` rewrites them; a missing baseline
 * fails the story (in CI nothing is written; locally the new PNG is written for review and the run
 * still fails once).
 *
 * Determinism: animations and the caret are off (Vitest's defaults); anything that changes from run
 * to run is masked: elements marked `data-ik-volatile` (the convention: countdown digits, relative
 * and absolute times), plus every `<time>` and `role="timer"`. A story opts out with
 * `parameters: { visual: { disable: true } }`.
 */
import { afterEach, expect } from 'vitest';
import { page } from 'vitest/browser';

/** The parts of Storybook's composed story (set on the test context by @storybook/addon-vitest) used here. */
interface ComposedStory {
  id: string;
  parameters: { visual?: { disable?: boolean } };
}

/** What differs between two runs of the same story: masked, never compared. */
const VOLATILE = '[data-ik-volatile], time, [role="timer"]';
/** Modal dialogs sit in a portal over the whole viewport: photograph the viewport, not the canvas. */
const OVERLAY = '[role="dialog"], [role="alertdialog"]';

afterEach(async (context) => {
  const story = (context as unknown as { story?: ComposedStory }).story;
  // A failed story has no trustworthy picture; docs-only entries are not tests at all.
  if (!story || story.parameters.visual?.disable || context.task.result?.errors?.length) return;
  const root = document.documentElement;
  const theme = root.getAttribute('data-ik-theme');
  const { body } = document;
  // With a dialog open, the body spans the viewport, so the centred dialog is inside the picture.
  if (document.querySelector(OVERLAY) !== null) body.style.minHeight = '100vh';
  const target = page.elementLocator(body);
  const mask = [...document.querySelectorAll(VOLATILE)];
  const name = story.id.split('--')[1] ?? story.id;
  try {
    for (const scheme of ['light', 'dark'] as const) {
      root.setAttribute('data-ik-theme', scheme);
      await expect.element(target).toMatchScreenshot(`${name}-${scheme}`, { screenshotOptions: { mask, scale: 'css' }, timeout: 20_000 });
    }
  } finally {
    body.style.minHeight = '';
    if (theme === null) root.removeAttribute('data-ik-theme');
    else root.setAttribute('data-ik-theme', theme);
  }
});
