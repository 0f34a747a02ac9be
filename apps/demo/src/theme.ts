// The colour theme the viewer picked: 'system' follows the OS; 'light'/'dark' force it on <html data-ik-theme>,
// which the kit's stylesheet and app.css both read, so the app and the kit never disagree.

/** The themes the demo offers. */
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'acme-demo:theme';

/** The theme saved in this browser, 'system' if none. */
export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Applies `theme` to the document and remembers it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') {
    delete root.dataset.ikTheme;
    localStorage.removeItem(KEY);
  } else {
    root.dataset.ikTheme = theme;
    localStorage.setItem(KEY, theme);
  }
}
