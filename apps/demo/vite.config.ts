import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Workspace packages load from source in development; their stylesheet comes from the build.
// The built SPA is served by the demo server (server/main.ts, `pnpm demo`), which answers its API calls.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@impersonate-kit/source'] },
  optimizeDeps: {
    include: [
      'react',
      'react-dom/client',
      '@tanstack/react-query',
      '@radix-ui/react-dropdown-menu',
      // The kit's own dependencies are found through the kit, as a product's bundler would.
      '@impersonate-kit/react > @radix-ui/react-dialog',
      '@impersonate-kit/react > @tanstack/react-virtual',
      '@impersonate-kit/react > clsx',
    ],
  },
});
