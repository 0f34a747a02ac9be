import type { CSSProperties } from 'react';
import { parseThemeVariables } from './themeVariables';

// Read at build time from the kit's own stylesheets, so a variable added to any of them appears here.
const sources = import.meta.glob<string>('../../packages/react/src/styles/*.css', { query: '?raw', import: 'default', eager: true });
const variables = parseThemeVariables(Object.fromEntries(Object.entries(sources).map(([path, css]) => [path.split('/').pop() ?? path, css])));

/** A live sample of one variable: it reads `var(name)`, so it follows the toolbar's theme and any override. */
function Sample({ name }: { name: string }) {
  const value = `var(${name})`;
  const box: CSSProperties = { inlineSize: '2.5rem', blockSize: '1.5rem', border: '1px solid var(--ik-color-border)', borderRadius: 4 };
  if (/color-scheme$/.test(name)) return <code>{value}</code>;
  if (/color|overlay/.test(name)) return <span style={{ ...box, display: 'inline-block', background: value }} />;
  if (/shadow/.test(name)) return <span style={{ ...box, display: 'inline-block', boxShadow: value, background: 'var(--ik-color-bg)' }} />;
  if (/radius/.test(name)) return <span style={{ ...box, display: 'inline-block', borderRadius: value, borderWidth: 2 }} />;
  if (/font-size/.test(name)) return <span style={{ fontSize: value }}>Aa</span>;
  if (/space|width|height/.test(name)) return <span style={{ display: 'inline-block', inlineSize: value, minInlineSize: 1, blockSize: '0.75rem', background: 'var(--ik-color-accent)' }} />;
  return <code>{value}</code>;
}

/** Every `--ik-*` variable of `@impersonate-kit/react/styles.css`: its light and dark values, the files that use it, and a live sample. */
export function ThemeVariables() {
  return (
    <table>
      <caption>{`${variables.length} variables, read from packages/react/src/styles/*.css`}</caption>
      <thead>
        <tr>
          <th scope="col">Variable</th>
          <th scope="col">Light (default)</th>
          <th scope="col">Dark</th>
          <th scope="col">Sample</th>
          <th scope="col">Used in</th>
        </tr>
      </thead>
      <tbody>
        {variables.map((variable) => (
          <tr key={variable.name}>
            <th scope="row">
              <code>{variable.name}</code>
            </th>
            <td>
              <code>{variable.light || '—'}</code>
            </td>
            <td>
              <code>{variable.dark ?? 'same'}</code>
            </td>
            <td>
              <Sample name={variable.name} />
            </td>
            <td>{variable.files.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
