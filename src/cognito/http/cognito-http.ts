import { Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';

/**
 * The few things the module does to HTTP requests and responses, through Nest's own HTTP adapter,
 * so they behave the same on Express and Fastify (and on any adapter that implements Nest's
 * `HttpServer` contract). Nothing in the module touches a platform's request or response API.
 */
@Injectable()
export class CognitoHttp {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ApplicationConfig,
  ) {}

  private get adapter() {
    return this.adapterHost.httpAdapter;
  }

  setHeader(res: unknown, name: string, value: string): void {
    this.adapter.setHeader(res, name, value);
  }

  /** Appends a Set-Cookie header, keeping the ones already set; `maxAge` in seconds. */
  setCookie(res: unknown, name: string, value: string, options: CookieSerializeOptions): void {
    this.adapter.setCookie(res, name, value, options);
  }

  /** Expires a cookie now; `path` must be the one it was set with. */
  clearCookie(res: unknown, name: string, options: CookieSerializeOptions): void {
    this.adapter.clearCookie(res, name, options);
  }

  redirect(res: unknown, url: string, status = 302): void {
    this.adapter.redirect(res, status, url);
  }

  reply(res: unknown, body: unknown, status: number): void {
    this.adapter.reply(res, body, status);
  }

  noContent(res: unknown): void {
    this.adapter.status(res, 204);
    this.adapter.end(res);
  }

  /** The request's original URL (path and query), as the client sent it. */
  requestUrl(req: unknown): string {
    return String(this.adapter.getRequestUrl(req));
  }

  /** A path of this app as clients reach it: with the global prefix (`app.setGlobalPrefix('api')`). */
  appPath(path: string): string {
    const prefix = this.config.getGlobalPrefix().replace(/^\/*/, '/').replace(/\/+$/, '');
    return prefix === '/' || prefix === '' ? path : `${prefix}${path}`;
  }
}
