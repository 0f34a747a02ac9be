import type { Decorator, Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { useLayoutEffect } from 'react';
import type { ReactNode } from 'react';
import { impersonationBeforeEach, withImpersonation } from './mockStory';
import './preview.css';

// The optional stylesheet, from source and in the build's order: base.css (the --ik-* variables)
// first, then every component's file.
import.meta.glob('../packages/react/src/styles/base.css', { eager: true });
import.meta.glob(['../packages/react/src/styles/*.css', '!../packages/react/src/styles/base.css'], { eager: true });

/** Puts the toolbar's theme on <html>, so dialogs portalled into <body> follow it too. */
function ThemeRoot({ theme, children }: { theme: string; children: ReactNode }) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-ik-theme');
    else root.setAttribute('data-ik-theme', theme);
  }, [theme]);
  return children;
}

const withTheme: Decorator = (Story, context) => (
  <ThemeRoot theme={String(context.globals.theme ?? 'light')}>
    <Story />
  </ThemeRoot>
);

const preview: Preview = {
  // Starts MSW's worker and applies parameters.msw; impersonationBeforeEach then adds the story's mock backend.
  loaders: [mswLoader()],
  beforeEach: [impersonationBeforeEach],
  decorators: [withImpersonation, withTheme],
  globalTypes: {
    theme: {
      description: 'Colour scheme of the optional stylesheet',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'system', title: 'System (prefers-color-scheme)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    // Any axe violation fails the story's test.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
};

export default preview;
