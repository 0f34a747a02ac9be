// @vitest-environment node
// The theme in base.css, read as a designer would check it: both palettes, their contrast, and
// the switches (OS preference, forced theme, reduced motion). jsdom cannot compute contrast, so
// the ratios are computed here from the declared colours.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../styles/base.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The declarations of the first rule whose selector is `selector`, after `from`. */
function block(selector: string, from = 0): string {
  const start = css.indexOf(`${selector} {`, from);
  if (start < 0) throw new Error(`No rule "${selector}" in base.css`);
  const open = css.indexOf('{', start);
  return css.slice(open + 1, css.indexOf('}', open));
}

function variables(declarations: string): Record<string, string> {
  return Object.fromEntries([...declarations.matchAll(/(--ik-[\w-]+)\s*:\s*([^;]+);/g)].map((match) => [match[1], match[2]?.trim()]));
}

function palette(declarations: string): Record<string, string> {
  return Object.fromEntries(Object.entries(variables(declarations)).filter(([name]) => name.startsWith('--ik-color-') || name === '--ik-shadow'));
}

const rootBlocks = [...css.matchAll(/(^|\n):where\(:root\) \{/g)].map((match) => block(':where(:root)', match.index));
const light = palette(rootBlocks.find((declarations) => declarations.includes('--ik-color-bg')) ?? '');
const darkByPreference = palette(block(':where(:root)', css.indexOf('@media (prefers-color-scheme: dark)')));
const forcedDark = palette(block(":where([data-ik-theme='dark'])"));
const forcedLight = palette(block(":where([data-ik-theme='light'])"));
const sizes = variables(rootBlocks.find((declarations) => declarations.includes('--ik-radius')) ?? '');

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

// [foreground, background, minimum]: text 4.5:1, input edges and the focus ring 3:1 (WCAG 1.4.3, 1.4.11).
const PAIRS: Array<[string, string, number]> = [
  ['fg', 'bg', 4.5],
  ['muted', 'bg', 4.5],
  ['accent-fg', 'accent', 4.5],
  ['accent', 'bg', 4.5],
  ['warning-fg', 'warning-bg', 4.5],
  ['fg', 'warning-bg', 4.5],
  ['muted', 'warning-bg', 4.5],
  ['danger', 'bg', 4.5],
  ['danger-fg', 'danger', 4.5],
  ['border', 'bg', 3],
  ['focus', 'bg', 3],
  ['focus', 'warning-bg', 3],
];

const REQUIRED = [
  '--ik-color-bg',
  '--ik-color-fg',
  '--ik-color-muted',
  '--ik-color-border',
  '--ik-color-accent',
  '--ik-color-accent-fg',
  '--ik-color-warning-bg',
  '--ik-color-warning-fg',
  '--ik-color-danger',
  '--ik-color-danger-fg',
  '--ik-color-focus',
  '--ik-shadow',
];

describe('the base theme', () => {
  it('defines every colour in both palettes', () => {
    expect(Object.keys(light)).toEqual(expect.arrayContaining(REQUIRED));
    expect(Object.keys(darkByPreference)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('defines the sizes and layers, with no banner height until a banner shows', () => {
    for (const name of ['--ik-radius', '--ik-space-1', '--ik-space-2', '--ik-space-3', '--ik-space-4', '--ik-font-size-sm', '--ik-font-size-md', '--ik-z-banner', '--ik-z-dialog']) {
      expect(sizes[name], name).toBeTruthy();
    }
    expect(sizes['--ik-banner-height']).toBe('0px');
  });

  it('forces the same palettes with data-ik-theme as the OS preference gives', () => {
    expect(forcedDark).toEqual(darkByPreference);
    expect(forcedLight).toEqual(light);
    expect(darkByPreference['--ik-color-bg']).not.toBe(light['--ik-color-bg']);
  });

  describe.each([
    ['light', light],
    ['dark', darkByPreference],
  ])('in the %s palette', (_name, colours) => {
    it.each(PAIRS)('--ik-color-%s on --ik-color-%s reaches %s:1', (fg, bg, minimum) => {
      const ratio = contrast(colours[`--ik-color-${fg}`] ?? '', colours[`--ik-color-${bg}`] ?? '');

      expect(ratio).toBeGreaterThanOrEqual(minimum);
    });
  });

  it('draws the focus ring in the focus colour, for keyboard focus', () => {
    expect(css).toMatch(/:focus-visible\) \{\s*outline: var\(--ik-focus-width\) solid var\(--ik-color-focus\);/);
  });

  it('stops every animation and transition of the kit for users who ask for less motion', () => {
    const reduced = css.slice(css.indexOf('@media (prefers-reduced-motion: reduce)'));

    expect(reduced).toMatch(/\[class\^='ik-'\], \[class\*=' ik-'\]/);
    expect(reduced).toMatch(/animation: none !important;/);
    expect(reduced).toMatch(/transition: none !important;/);
  });
});
