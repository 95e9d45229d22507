import type { ProviderContext } from './context.js';
import { openPage, pageReply, signInAndRedirect } from './hosted-ui.js';
import type { ParsedRequest, Reply } from './http.js';
import { confirmPage, loginPage, signupPage } from './pages.js';
import { passwordPolicyProblem } from './password-policy.js';

/** `/signup`: creates an unconfirmed user and "e-mails" a code (prints it to the logger). */
export function signupRoute(ctx: ProviderContext) {
  return (request: ParsedRequest): Reply => {
    const open = openPage(ctx, request);
    if (!('authorize' in open)) return open;
    if (request.method === 'GET') return pageReply(200, signupPage(open.page), open);

    const username = (open.form.get('username') ?? '').trim();
    const email = (open.form.get('email') ?? '').trim();
    const password = open.form.get('password') ?? '';
    const again = (error: string) => pageReply(400, signupPage({ ...open.page, username, email, error }), open);
    if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(username)) return again('Username must be 1–128 characters without spaces.');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return again('Invalid email address format.');
    const policy = passwordPolicyProblem(password);
    if (policy) return again(policy);
    if (ctx.directory.findUser(username)) return again('User already exists');

    ctx.directory.putUser({ username, password, confirmed: false, attributes: { email, email_verified: 'false' } });
    const code = ctx.codes.issue('confirm-sign-up', username);
    ctx.log(`confirmation code for ${username}: ${code}`);
    return pageReply(200, confirmPage({ ...open.page, username }), open);
  };
}

/** `/confirm`: checks the code, confirms the user and, like Cognito, signs them straight in. */
export function confirmRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const open = openPage(ctx, request);
    if (!('authorize' in open)) return open;
    const username = ((request.method === 'GET' ? request.query : open.form).get('username') ?? '').trim();
    if (request.method === 'GET') return pageReply(200, confirmPage({ ...open.page, username }), open);

    const user = username ? ctx.directory.findUser(username) : undefined;
    const code = open.form.get('code') ?? '';
    if (!user || user.confirmed || !ctx.codes.check('confirm-sign-up', user.username, code)) {
      return pageReply(400, confirmPage({ ...open.page, username, error: 'Invalid verification code provided, please try again.' }), open);
    }
    user.confirmed = true;
    // The code went to the e-mail address, which proves it.
    if (user.attributes.email) user.attributes.email_verified = 'true';
    ctx.log(`${user.username} confirmed`);
    return signInAndRedirect(ctx, open.authorize, user, (error) => pageReply(400, loginPage({ ...open.page, username: user.username, error }), open));
  };
}
