import type { ProviderContext } from './context.js';
import { openPage, pageReply, signInAndRedirect } from './hosted-ui.js';
import type { ParsedRequest, Reply } from './http.js';
import { confirmPage, loginPage } from './pages.js';

const BAD_CREDENTIALS = 'Incorrect username or password.';

/** `/login`: the sign-in form; a wrong password re-shows it, a right one finishes the flow. */
export function loginRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const open = openPage(ctx, request);
    if (!('authorize' in open)) return open;
    if (request.method === 'GET') {
      return pageReply(200, loginPage({ ...open.page, username: open.authorize.loginHint }), open);
    }

    const username = (open.form.get('username') ?? '').trim();
    const password = open.form.get('password') ?? '';
    const user = username ? ctx.directory.findUser(username) : undefined;
    // One message for unknown user and wrong password, so usernames cannot be probed.
    if (!user || !ctx.directory.checkPassword(user, password)) {
      return pageReply(400, loginPage({ ...open.page, username, error: BAD_CREDENTIALS }), open);
    }
    if (!user.confirmed) {
      const code = ctx.codes.issue('confirm-sign-up', user.username);
      ctx.log(`confirmation code for ${user.username}: ${code}`);
      return pageReply(200, confirmPage({ ...open.page, username: user.username, notice: 'Your account is not confirmed yet. We have sent a new code.' }), open);
    }
    return signInAndRedirect(ctx, open.authorize, user, (error) => pageReply(400, loginPage({ ...open.page, username, error }), open));
  };
}
