import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Workspace packages load from source in development; their stylesheet comes from the build.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@impersonate-kit/source'] },
  server: { port: Number(process.env.DEMO_PORT ?? 5173), strictPort: true, host: '127.0.0.1' },
  preview: { port: Number(process.env.DEMO_PORT ?? 5173), strictPort: true, host: '127.0.0.1' },
  // The demo ships its backend (the mock and MSW) to the browser, so it is bigger than a product's bundle.
  build: { chunkSizeWarningLimit: 1500 },
  optimizeDeps: {
    include: [
      'react',
      'react-dom/client',
      'msw/browser',
      '@tanstack/react-query',
      '@radix-ui/react-dropdown-menu',
      // The kit's own dependencies are found through the kit, as a product's bundler would.
      '@impersonate-kit/react > @radix-ui/react-dialog',
      '@impersonate-kit/react > @tanstack/react-virtual',
      '@impersonate-kit/react > clsx',
    ],
  },
});
