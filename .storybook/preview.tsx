import { Controls, Description, Primary, Subtitle, Title } from '@storybook/addon-docs/blocks';
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

/** Puts the toolbar's theme and direction on <html>, so dialogs portalled into <body> follow them too. */
function ThemeRoot({ theme, dir, children }: { theme: string; dir: string; children: ReactNode }) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-ik-theme');
    else root.setAttribute('data-ik-theme', theme);
    root.setAttribute('dir', dir);
  }, [theme, dir]);
  return children;
}

const withTheme: Decorator = (Story, context) => (
  <ThemeRoot theme={String(context.globals.theme ?? 'light')} dir={context.globals.dir === 'rtl' ? 'rtl' : 'ltr'}>
    <Story />
  </ThemeRoot>
);

/** The two widths the kit is designed and measured at (a story sets `globals: { viewport: { value: 'mobile' } }`). */
const VIEWPORTS = {
  mobile: { name: 'Phone (375 × 812)', styles: { width: '375px', height: '812px' }, type: 'mobile' },
  desktop: { name: 'Desktop (1280 × 800)', styles: { width: '1280px', height: '800px' }, type: 'desktop' },
} as const;

/**
 * Each component's docs page: its JSDoc, the first story live, and the props table with controls.
 * One story only: MSW's worker is global, so several stories on one page would share a backend;
 * the other states are one click away in the sidebar.
 */
function ComponentDocs() {
  return (
    <>
      <Title />
      <Subtitle />
      <Description />
      <Primary />
      <Controls />
    </>
  );
}

const preview: Preview = {
  // A docs page (props table, JSDoc descriptions, controls) for every component.
  tags: ['autodocs'],
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
    dir: {
      description: 'Text direction (a story sets `globals: { dir: "rtl" }`)',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', dir: 'ltr' },
  parameters: {
    // Any axe violation fails the story's test.
    a11y: { test: 'error' },
    viewport: { options: VIEWPORTS },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    docs: { page: ComponentDocs, codePanel: true },
  },
};

export default preview;
