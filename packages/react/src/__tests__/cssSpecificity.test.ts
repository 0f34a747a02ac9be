// @vitest-environment node
// The kit's stylesheet never fights the host's: every selector sits at zero specificity inside
// :where(), so any host rule wins whatever the load order, and the kit never leans on host CSS.
// No exception for the variable blocks either: `:where(:root)` lets a host's own
// `:root { --ik-… }` win even when the kit's stylesheet loads after it. The one thing allowed
// outside :where() is a trailing pseudo-element (`::placeholder`), which :where() cannot hold.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STYLES = join(dirname(fileURLToPath(import.meta.url)), '../styles');

// Every kit stylesheet, so a new one is held to the rule the day it is added.
const CHECKED = readdirSync(STYLES).filter((name) => name.endsWith('.css'));

/** Splits a selector list at its top-level commas. */
function splitList(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let index = 0; index < list.length; index += 1) {
    const char = list[index];
    if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(from, index).trim());
      from = index + 1;
    }
  }
  return [...parts, list.slice(from).trim()];
}

/** Every style rule's selectors, inside at-rules too; keyframe steps (`from`, `50%`) are not selectors. */
function selectorsOf(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors: string[] = [];
  // One entry per open block: whether its children are keyframe steps.
  const blocks: boolean[] = [];
  let from = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '{') {
      const prelude = text.slice(from, index).trim();
      if (prelude.startsWith('@')) blocks.push(/^@(-[a-z]+-)?keyframes\b/.test(prelude));
      else {
        if (!blocks.at(-1)) selectors.push(...splitList(prelude));
        blocks.push(false);
      }
      from = index + 1;
    } else if (char === '}' || char === ';') {
      if (char === '}') blocks.pop();
      from = index + 1;
    }
  }
  return selectors;
}

/** Whether a selector has zero specificity: only :where() groups, combinators, and a trailing pseudo-element. */
function isZeroSpecificity(selector: string): boolean {
  let rest = selector.trim();
  for (;;) {
    rest = rest.replace(/^[\s>+~]+/, '');
    if (!rest.startsWith(':where(')) break;
    let depth = 0;
    let end = ':where'.length;
    for (; end < rest.length; end += 1) {
      if (rest[end] === '(') depth += 1;
      else if (rest[end] === ')' && (depth -= 1) === 0) break;
    }
    if (end >= rest.length) return false;
    rest = rest.slice(end + 1);
  }
  return rest === '' || (/^::[a-z-]+$/.test(rest) && selector.trim() !== rest);
}

describe('the checker', () => {
  it.each([':where(.ik-a)', ':where(.ik-a .ik-b:hover, .ik-c[data-state="x"])', ':where(.ik-input)::placeholder', ':where(:root)', ':where(.ik-a) > :where(.ik-b)'])(
    'passes %s',
    (selector) => expect(isZeroSpecificity(selector)).toBe(true),
  );

  it.each(['.ik-a', ':root', "[data-ik-theme='dark']", ':where(.ik-a):hover', ':where(.ik-a) .ik-b', ':is(.ik-a)', '::placeholder', ':where(.ik-a'])(
    'fails %s',
    (selector) => expect(isZeroSpecificity(selector)).toBe(false),
  );

  it('finds the selectors of rules inside @media, and skips keyframe steps', () => {
    const css = '@media (x) { .a, :where(.b) { color: red; } } @keyframes k { from { opacity: 0; } 50% { opacity: 1; } } /* .c { } */ :where(.d)::after { content: "" }';

    expect(selectorsOf(css)).toEqual(['.a', ':where(.b)', ':where(.d)::after']);
  });
});

describe('every checked stylesheet', () => {
  it('is a file in src/styles', () => {
    const files = readdirSync(STYLES);
    for (const name of CHECKED) expect(files).toContain(name);
  });

  it.each(CHECKED)('%s puts every selector inside :where()', (name) => {
    const selectors = selectorsOf(readFileSync(join(STYLES, name), 'utf8'));

    expect(selectors.length).toBeGreaterThan(0);
    expect(selectors.filter((selector) => !isZeroSpecificity(selector))).toEqual([]);
  });
});
