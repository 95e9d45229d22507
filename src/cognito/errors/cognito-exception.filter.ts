import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CognitoError } from './cognito.error.js';
import { errorResponse } from './error-response.js';

/** Answers the module's errors on HTTP with the status, body and headers `errorResponse()` gives. */
@Catch(CognitoError)
export class CognitoExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: CognitoError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const res: unknown = host.switchToHttp().getResponse();
    const { status, body, headers } = errorResponse(error);
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(res, name, value);
    httpAdapter.reply(res, body, status);
  }
}
