// The Next.js fixture of the mount test: route handlers only. The workspace packages are read from
// source (no build needed), and the monorepo is the root so files outside this folder compile.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
// Turbopack reads alias targets relative to this folder.
const source = (pkg) => `../../../../packages/${pkg}/src/index.ts`;

/** @type {import('next').NextConfig} */
export default {
  outputFileTracingRoot: root,
  turbopack: {
    root,
    resolveAlias: { '@impersonate-kit/server': source('server'), '@impersonate-kit/sdk': source('sdk') },
  },
};
