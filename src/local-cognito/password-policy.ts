/** Cognito's default password policy, worded like its hosted UI. */
export function passwordPolicyProblem(password: string): string | undefined {
  const prefix = 'Password did not conform with policy:';
  if (password.length < 8) return `${prefix} Password not long enough`;
  if (!/[a-z]/.test(password)) return `${prefix} Password must have lowercase characters`;
  if (!/[A-Z]/.test(password)) return `${prefix} Password must have uppercase characters`;
  if (!/[0-9]/.test(password)) return `${prefix} Password must have numeric characters`;
  if (!/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return `${prefix} Password must have symbol characters`;
  return undefined;
}
