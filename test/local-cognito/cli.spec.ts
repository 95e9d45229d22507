import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/local-cognito/main.js');
const run = promisify(execFile);

/** A started CLI: its output so far, and a way to stop it and get its exit code. */
interface RunningCli {
  output(): string;
  stop(): Promise<number | null>;
}

/** Spawns the built CLI and waits until it has printed its .env settings (or exited). */
function startCli(args: string[]): Promise<RunningCli> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, LOCAL_COGNITO_PORT: '', LOCAL_COGNITO_POOL: '' } });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Stop with Ctrl+C.')) ready({ output: () => output, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => fail(new Error(`CLI exited with ${code} before it was ready:\n${output}`)));
  });
}

function envValue(output: string, name: string): string {
  const match = new RegExp(`^\\s+${name}=(.*)$`, 'm').exec(output);
  if (!match) throw new Error(`no ${name} in:\n${output}`);
  return match[1]!;
}

describe('nest-cognito-local (the bin)', () => {
  beforeAll(async () => {
    await run('npm', ['run', 'build'], { cwd: ROOT });
  }, 180_000);

  it('is declared as a bin pointing at the compiled CLI, which starts with a shebang', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'nest-cognito-local': 'dist/local-cognito/main.js' });
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('serves a pool file, prints its URLs and .env settings, and keeps keys across restarts', async () => {
    const keysFile = join(mkdtempSync(join(tmpdir(), 'local-cognito-cli-')), 'keys.json');
    const args = ['--pool', 'local-cognito.example.json', '--port', '0', '--keys-file', keysFile];
    const first = await startCli(args);
    let accessToken: string;
    try {
      const output = first.output();
      const url = /listening on (http:\/\/localhost:\d+)/.exec(output)![1]!;
      expect(output).toContain(`user-pool API       POST ${url}/`);
      expect(output).toContain('pool local_ExamplePool (local-cognito.example.json)');
      expect(envValue(output, 'COGNITO_USER_POOL_ID')).toBe('local_ExamplePool');
      expect(envValue(output, 'COGNITO_CLIENT_ID')).toBe('examplewebclient');
      expect(envValue(output, 'COGNITO_CLIENT_SECRET')).toBe('examplewebclient-secret');
      expect(envValue(output, 'COGNITO_DOMAIN')).toBe(url);
      expect(envValue(output, 'COGNITO_REGION')).toBe('local');
      const issuer = envValue(output, 'COGNITO_ISSUER');
      expect(issuer).toBe(`${url}/local_ExamplePool`);
      expect(envValue(output, 'COGNITO_JWKS_URI')).toBe(`${issuer}/.well-known/jwks.json`);
      expect(output).not.toContain('Dana-Passw0rd!');

      const response = await fetch(`${url}/oauth2/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('examplebatchjob:examplebatchjob-secret').toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      accessToken = ((await response.json()) as { access_token: string }).access_token;
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startCli(args);
    try {
      const issuer = envValue(second.output(), 'COGNITO_ISSUER');
      const { payload } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(envValue(second.output(), 'COGNITO_JWKS_URI'))), { currentDate: new Date() });
      expect(payload.client_id).toBe('examplebatchjob');
      expect(payload.iss?.replace(/:\d+\//, ':PORT/')).toBe(issuer.replace(/:\d+\//, ':PORT/'));
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('runs the built-in pool with ephemeral keys, and refuses the same pool twice', async () => {
    const cli = await startCli(['--port', '0', '--ephemeral-keys', '--pool', 'local-cognito.example.json', '--pool', 'local-cognito.example.json']).catch((e: Error) => e);
    // The same file twice means the same pool id twice: refused with the reason.
    expect(cli).toBeInstanceOf(Error);
    expect((cli as Error).message).toMatch(/"local_ExamplePool" is used by another pool/);

    const demo = await startCli(['--port', '0', '--ephemeral-keys']);
    try {
      expect(demo.output()).toContain('pool local_LocalPool1 (built-in default)');
      expect(demo.output()).toContain('keys file           (none: new keys on every start)');
      expect(demo.output()).toContain('alice  password Alice-Passw0rd!');
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  });

  it('explains bad options with exit code 2', async () => {
    for (const args of [['--port', 'abc'], ['--nope'], ['--keys-file', 'k.json', '--ephemeral-keys']]) {
      const result = await run(process.execPath, [CLI, ...args], { cwd: ROOT }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^nest-cognito-local: /);
    }
    const help = await run(process.execPath, [CLI, '--help'], { cwd: ROOT });
    expect(help.stdout).toContain('--keys-file <file>');
  });
});
