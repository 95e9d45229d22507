import type { ProviderContext } from './context.js';
import { openPage, pageReply } from './hosted-ui.js';
import { redirectReply, type ParsedRequest, type Reply } from './http.js';
import { confirmForgotPasswordPage, forgotPasswordPage } from './pages.js';
import { passwordPolicyProblem } from './password-policy.js';

/** `/forgotPassword`: prints a reset code for a known user; answers the same for unknown ones. */
export function forgotPasswordRoute(ctx: ProviderContext) {
  return (request: ParsedRequest): Reply => {
    const open = openPage(ctx, request);
    if (!('authorize' in open)) return open;
    if (request.method === 'GET') return pageReply(200, forgotPasswordPage(open.page), open);

    const username = (open.form.get('username') ?? '').trim();
    if (!username) return pageReply(400, forgotPasswordPage({ ...open.page, error: 'Username is required.' }), open);
    const user = ctx.directory.findUser(username);
    if (user) {
      const code = ctx.codes.issue('reset-password', user.username);
      ctx.log(`password reset code for ${user.username}: ${code}`);
    }
    return pageReply(200, confirmForgotPasswordPage({ ...open.page, username }), open);
  };
}

/** `/confirmForgotPassword`: code + new password, then back to the sign-in page. */
export function confirmForgotPasswordRoute(ctx: ProviderContext) {
  return (request: ParsedRequest): Reply => {
    const open = openPage(ctx, request);
    if (!('authorize' in open)) return open;
    const username = ((request.method === 'GET' ? request.query : open.form).get('username') ?? '').trim();
    if (request.method === 'GET') return pageReply(200, confirmForgotPasswordPage({ ...open.page, username }), open);

    const password = open.form.get('password') ?? '';
    const again = (error: string) => pageReply(400, confirmForgotPasswordPage({ ...open.page, username, error }), open);
    const policy = passwordPolicyProblem(password);
    if (policy) return again(policy);
    const user = username ? ctx.directory.findUser(username) : undefined;
    if (!user || !ctx.codes.check('reset-password', user.username, open.form.get('code') ?? '')) {
      return again('Invalid verification code provided, please try again.');
    }
    user.password = password;
    ctx.log(`password of ${user.username} was reset`);
    return redirectReply(`${ctx.baseUrl}/login?${open.authorize.params.toString()}`);
  };
}
