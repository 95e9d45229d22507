import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppModule } from '../../src/app.module.js';
import { demoConfig, type DemoConfig } from '../../src/demo-config.js';
import { DEMO_USERS } from '../../src/local-cognito/index.js';
import { freePort } from '../support/free-port.js';

/** Debian's chromium; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Loopback only: without the background-networking flags Chromium reaches for the internet. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const BROWSER_TEST_TIMEOUT = 60_000;

export const { alice: ALICE, bob: BOB } = DEMO_USERS;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface RunningDemo {
  /** `http://localhost:PORT`, as the demo registers its URLs. */
  url: string;
  config: DemoConfig;
  app: INestApplication;
  stop(): Promise<void>;
}

/**
 * The demo service exactly as `npm start` builds it (demoConfig + AppModule), in-process on a
 * free port, with the embedded local identity provider on another free port.
 */
export async function startDemo(env: Record<string, string> = {}): Promise<RunningDemo> {
  const keysDir = await mkdtemp(join(tmpdir(), 'nest-cognito-browser-'));
  const port = await freePort();
  const config = await demoConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOCAL_COGNITO_PORT: '0',
    LOCAL_COGNITO_KEYS_FILE: join(keysDir, 'keys.json'),
    ...env,
  });
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AppModule.register(config.cognito), { logger: false });
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => {});
    await config.local?.stop();
    await rm(keysDir, { recursive: true, force: true });
    throw error;
  }
  const started = app;
  return {
    url: `http://localhost:${port}`,
    config,
    app: started,
    async stop() {
      await started.close();
      await config.local?.stop();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}

/** From the demo's `/auth/sign-in` to the identity provider's login form. */
export async function openLoginPage(page: Page, demo: RunningDemo): Promise<void> {
  // Every hop is a server-side 302, so goto resolves on the final page.
  const response = await page.goto(`${demo.url}/auth/sign-in`);
  const landed = new URL(page.url());
  if (landed.origin !== demo.config.local!.url || landed.pathname !== '/login') {
    throw new Error(`expected the identity provider's /login page, got ${response?.status()} at ${page.url()}`);
  }
}

/** Fills the hosted-UI form and submits it; the caller waits for where the browser should land. */
export async function submitLogin(page: Page, credentials: { username: string; password: string }): Promise<void> {
  await page.locator('input[name="username"]').fill(credentials.username);
  await page.locator('input[name="password"]').fill(credentials.password);
  await page.locator('form button[type="submit"]').click();
}

export interface TokenResponse {
  access_token: string;
  id_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** Signs in through the browser and reads the callback's JSON from the rendered page. */
export async function signInForTokens(page: Page, demo: RunningDemo, credentials: { username: string; password: string }): Promise<TokenResponse> {
  await openLoginPage(page, demo);
  await submitLogin(page, credentials);
  await page.waitForURL((url) => url.origin === demo.url && url.pathname === '/auth/callback');
  return JSON.parse(await pageJson(page)) as TokenResponse;
}

/** Chromium shows a JSON response as text in a `<pre>`. */
export async function pageJson(page: Page): Promise<string> {
  return (await page.locator('body > pre').first().textContent()) ?? '';
}
