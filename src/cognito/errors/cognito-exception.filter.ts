import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CognitoOAuthError } from './oauth.errors.js';

/** Answers hosted-UI and OAuth endpoint failures with their status and a short JSON body. */
@Catch(CognitoOAuthError)
export class CognitoOAuthExceptionFilter implements ExceptionFilter {
  catch(error: CognitoOAuthError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error.status === 401) res.setHeader('WWW-Authenticate', `Bearer realm="cognito", error="invalid_token"`);
    res.status(error.status).json(error.toJSON());
  }
}
