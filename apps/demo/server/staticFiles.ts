// The built SPA, served as files: a content type per extension, index.html for any page route
// (the SPA's fallback), and nothing outside the folder, however the path is spelled.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** Content types of the files a Vite build emits. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...extra } });
}

/** The file a URL path names inside `root`, or null when the path is malformed or escapes it. */
export function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // A NUL, a backslash or a dot-segment (.., .env, .git) never names a file we serve.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  return file === base || file.startsWith(base + sep) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** A handler serving the files under `root` (a Vite `dist`), with index.html for page routes. */
export function serveStatic(root: string): (request: Request) => Promise<Response> {
  const index = resolve(root, 'index.html');
  return async (request) => {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const { pathname } = new URL(request.url);
    const file = fileFor(root, pathname === '/' ? '/index.html' : pathname);
    if (file === null) return text(404, 'Not found');
    let served = file;
    if (!(await isFile(file))) {
      // Only extension-less paths are pages; a missing script or image is a 404, not the app.
      if (extname(pathname) !== '') return text(404, 'Not found');
      served = index;
    }
    const type = CONTENT_TYPES[extname(served).toLowerCase()] ?? 'application/octet-stream';
    // Vite names built assets by content hash: they never change, so browsers may keep them.
    const cache = served.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const body = await readFile(served);
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { 'Content-Type': type, 'Content-Length': String(body.byteLength), 'Cache-Control': cache, ...SECURITY_HEADERS },
    });
  };
}
