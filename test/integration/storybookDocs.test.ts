import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withCustomConfig } from 'react-docgen-typescript';
import { describe, expect, it } from 'vitest';
import { DOCGEN_OPTIONS } from '../../.storybook/docgen';
import { parseThemeVariables } from '../../.storybook/docs/themeVariables';

// Storybook is the kit's documentation: every exported component gets an autodocs page with a props
// table. Building Storybook to read its index is too slow for a test, so this checks the two things
// such a page is made of: a stories file whose meta names the component (autodocs is on for all in
// preview.tsx), and props that react-docgen-typescript (the docgen main.ts uses) finds described.

const ROOT = join(import.meta.dirname, '../..');
const REACT_SRC = join(ROOT, 'packages/react/src');

/** The components `@impersonate-kit/react` exports, with the file each comes from. */
const COMPONENTS = [...readFileSync(join(REACT_SRC, 'index.ts'), 'utf8').matchAll(/export \{ ([A-Z]\w+) \} from '\.\/(components\/\w+)'/g)].map(
  ([, name = '', path = '']) => ({ name, file: join(REACT_SRC, `${path}.tsx`) }),
);

/** Every stories file Storybook loads (main.ts: beside the components, and under .storybook). */
const STORIES = [
  ...readdirSync(join(REACT_SRC, 'components')).map((name) => join(REACT_SRC, 'components', name)),
  ...readdirSync(join(ROOT, '.storybook'), { recursive: true, encoding: 'utf8' }).map((name) => join(ROOT, '.storybook', name)),
]
  .filter((path) => path.endsWith('.stories.tsx') && !path.includes('node_modules') && !path.includes('baselines'))
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/**
 * Components whose stories meta does not name them yet (their stories render through custom args).
 * Their engineers add `component:` to the meta; this list must then shrink (the test below fails
 * while a name here already has its page).
 */
const PENDING_META: readonly string[] = [];

const hasDocsPage = (name: string) => STORIES.some(({ text }) => new RegExp(`component:\\s*${name}\\b`).test(text) && !text.includes("'!autodocs'"));

describe('Storybook docs', () => {
  it('finds the exported components', () => {
    expect(COMPONENTS.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['ImpersonateMenuItem', 'ReasonDialog', 'CountdownBanner', 'SessionEndedPrompt', 'ConsentSettings', 'AuditTable']),
    );
  });

  it('turns autodocs on for every stories file in preview.tsx', () => {
    expect(readFileSync(join(ROOT, '.storybook/preview.tsx'), 'utf8')).toMatch(/tags: \['autodocs'\]/);
  });

  it.each(COMPONENTS.map(({ name }) => name))('%s: a stories meta names it, so it has a docs page (or it is still listed as pending)', (name) => {
    expect(hasDocsPage(name)).toBe(!PENDING_META.includes(name));
  });

  it('react-docgen-typescript finds every component with described props', () => {
    const parser = withCustomConfig(join(ROOT, 'packages/react/tsconfig.json'), DOCGEN_OPTIONS);
    const docs = parser.parse(COMPONENTS.map(({ file }) => file));
    for (const { name } of COMPONENTS) {
      const doc = docs.find((entry) => entry.displayName === name);
      expect(doc, name).toBeDefined();
      const described = Object.values(doc?.props ?? {}).filter((prop) => prop.description.trim() !== '');
      expect(described.length, `${name} has no described prop`).toBeGreaterThan(0);
      // The kit's props only: never React's HTML attributes (propFilter).
      expect(Object.keys(doc?.props ?? {}), name).not.toContain('onPointerDown');
      expect(doc?.description, `${name} has no JSDoc`).not.toBe('');
    }
  }, 120_000);
});

describe('the Theming page', () => {
  it('lists every --ik-* variable written in the stylesheets, with its dark value', () => {
    const dir = join(REACT_SRC, 'styles');
    const css = Object.fromEntries(readdirSync(dir).filter((name) => name.endsWith('.css')).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    const variables = parseThemeVariables(css);
    const written = new Set(Object.values(css).flatMap((text) => [...text.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/--ik-[\w-]+/g)].map(([name]) => name)));
    expect(variables.map(({ name }) => name).sort()).toEqual([...written].sort());
    const bg = variables.find(({ name }) => name === '--ik-color-bg');
    expect(bg).toMatchObject({ light: '#ffffff', dark: '#18181b' });
    expect(bg?.files).toContain('base.css');
  });

  it('reads a variable a component only uses with a fallback, and one added anywhere', () => {
    const variables = parseThemeVariables({
      'a.css': ':where(.ik-x) { color: var(--ik-x-fg, var(--ik-color-fg)); --ik-x-gap: 4px; }',
      'b.css': "[data-ik-theme='dark'] { --ik-x-gap: 6px; }",
    });
    expect(variables).toEqual([
      { name: '--ik-color-fg', light: '', dark: null, files: ['a.css'] },
      { name: '--ik-x-fg', light: 'var(--ik-color-fg)', dark: null, files: ['a.css'] },
      { name: '--ik-x-gap', light: '4px', dark: '6px', files: ['a.css', 'b.css'] },
    ]);
  });
});
