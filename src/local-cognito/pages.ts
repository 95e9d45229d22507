/** Server-rendered hosted-UI pages. Every dynamic value goes through `escapeHtml`. */

export interface FormPage {
  /** Authorize parameters to carry along as hidden fields and in links. */
  params: URLSearchParams;
  csrf: string;
  error?: string;
  notice?: string;
  username?: string;
  lang?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
label{display:block;margin-top:1rem}input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}
button{margin-top:1.5rem;width:100%;padding:.6rem;background:#ec7211;color:#fff;border:0;border-radius:4px;font-size:1rem}
.error{color:#b00020}.notice{color:#1d6b2f}.banner{font-size:.8rem;color:#666}nav{margin-top:1rem;font-size:.9rem}`;

function layout(title: string, content: string, lang = 'en'): string {
  const safeLang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';
  return `<!DOCTYPE html>
<html lang="${safeLang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<p class="banner">Local Cognito (development only)</p>
<h1>${escapeHtml(title)}</h1>
${content}
</main></body>
</html>`;
}

function messages(page: FormPage): string {
  return [
    page.error ? `<p class="error" role="alert">${escapeHtml(page.error)}</p>` : '',
    page.notice ? `<p class="notice">${escapeHtml(page.notice)}</p>` : '',
  ].join('');
}

function hidden(page: FormPage): string {
  const fields = [`<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">`];
  for (const [name, value] of page.params) fields.push(`<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  return fields.join('\n');
}

function link(path: string, params: URLSearchParams, text: string): string {
  return `<a href="${escapeHtml(`${path}?${params.toString()}`)}">${escapeHtml(text)}</a>`;
}

function field(label: string, name: string, type: string, value = '', extra = ''): string {
  return `<label>${escapeHtml(label)}<input type="${type}" name="${name}" value="${escapeHtml(value)}" ${extra}></label>`;
}

export function loginPage(page: FormPage): string {
  return layout('Sign in', `${messages(page)}
<form method="post" action="/login">
${hidden(page)}
${field('Username', 'username', 'text', page.username ?? '', 'autocomplete="username" required')}
${field('Password', 'password', 'password', '', 'autocomplete="current-password" required')}
<button type="submit">Sign in</button>
</form>
<nav>${link('/forgotPassword', page.params, 'Forgot your password?')}<br>
Need an account? ${link('/signup', page.params, 'Sign up')}</nav>`, page.lang);
}

export function signupPage(page: FormPage & { email?: string }): string {
  return layout('Sign up', `${messages(page)}
<form method="post" action="/signup">
${hidden(page)}
${field('Username', 'username', 'text', page.username ?? '', 'autocomplete="username" required')}
${field('Email', 'email', 'email', page.email ?? '', 'autocomplete="email" required')}
${field('Password', 'password', 'password', '', 'autocomplete="new-password" required')}
<button type="submit">Sign up</button>
</form>
<nav>Already have an account? ${link('/login', page.params, 'Sign in')}</nav>`, page.lang);
}

export function confirmPage(page: FormPage): string {
  return layout('Confirm your account', `${messages(page)}
<p>We have sent a code by email. Enter it below to confirm your account.</p>
<form method="post" action="/confirm">
${hidden(page)}
${field('Username', 'username', 'text', page.username ?? '', 'autocomplete="username" required')}
${field('Verification code', 'code', 'text', '', 'autocomplete="one-time-code" inputmode="numeric" required')}
<button type="submit">Confirm account</button>
</form>`, page.lang);
}

export function forgotPasswordPage(page: FormPage): string {
  return layout('Forgot your password?', `${messages(page)}
<p>Enter your username and we will send a code to reset your password.</p>
<form method="post" action="/forgotPassword">
${hidden(page)}
${field('Username', 'username', 'text', page.username ?? '', 'autocomplete="username" required')}
<button type="submit">Reset my password</button>
</form>
<nav>${link('/login', page.params, 'Back to sign in')}</nav>`, page.lang);
}

export function confirmForgotPasswordPage(page: FormPage): string {
  return layout('Reset your password', `${messages(page)}
<p>If the account exists, we have sent a code by email.</p>
<form method="post" action="/confirmForgotPassword">
${hidden(page)}
${field('Username', 'username', 'text', page.username ?? '', 'autocomplete="username" required')}
${field('Code', 'code', 'text', '', 'autocomplete="one-time-code" inputmode="numeric" required')}
${field('New password', 'password', 'password', '', 'autocomplete="new-password" required')}
<button type="submit">Change password</button>
</form>`, page.lang);
}

/** Like Cognito's `/error` page: shown instead of redirecting to an untrusted URL. */
export function errorPage(message: string): string {
  return layout('An error was encountered with the requested page', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
