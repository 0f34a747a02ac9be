// The demo's one Node server: the impersonation API, the host app's API behind protect(), the
// demo-only API, and the built SPA — all from one Web handler, mounted on node:http.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BASE_PATH, toNodeHandler } from '@impersonate-kit/server';
import type { PresetName } from '@impersonate-kit/server';
import { createDemoApi, DEMO_API_BASE } from './demoApi';
import { createDemoTokens } from './demoAuth';
import type { DemoTokens } from './demoAuth';
import type { DemoStoreSource } from './demoStore';
import { memoryStoreSource } from './demoStore';
import { APP_BASE_PATH, createDemoWorld } from './demoWorld';
import type { DemoWorld } from './demoWorld';
import { serveStatic } from './staticFiles';

/** How to set the demo server up. */
export interface DemoServerOptions {
  /** The built SPA (apps/demo/dist). */
  staticDir: string;
  /** Default: a memory store. */
  stores?: DemoStoreSource;
  tokens?: DemoTokens;
  preset?: PresetName;
  logger?: { error(message: string, error: unknown): void };
}

/** The demo as one Web handler, with its world for tests and the entry point. */
export interface DemoServer {
  handle(request: Request): Promise<Response>;
  readonly world: DemoWorld;
  readonly tokens: DemoTokens;
}

const under = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/** Builds the demo's handler. */
export async function createDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const tokens = options.tokens ?? createDemoTokens();
  const world = await createDemoWorld({ stores: options.stores ?? memoryStoreSource(), tokens, ...(options.preset ? { preset: options.preset } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  const demoApi = createDemoApi(world, tokens);
  const files = serveStatic(options.staticDir);
  return {
    world,
    tokens,
    handle(request) {
      const { pathname } = new URL(request.url);
      if (under(pathname, DEFAULT_BASE_PATH)) return world.server.handle(request);
      if (under(pathname, APP_BASE_PATH)) return world.app(request);
      if (under(pathname, DEMO_API_BASE)) return demoApi(request);
      return files(request);
    },
  };
}

/** Listens on `host:port` (0 for any free port) and resolves with the server and its URL. */
export function listen(demo: DemoServer, port: number, host: string): Promise<{ http: Server; url: string }> {
  const http = createServer(toNodeHandler((request) => demo.handle(request)));
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      const address = http.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ http, url: `http://${shown}:${address.port}/` });
    });
  });
}
