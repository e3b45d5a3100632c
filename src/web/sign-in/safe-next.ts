/**
 * Where to go after signing in: only a path of this service's pages, never another site
 * (`//evil.example`, `/\evil`, `https://…` all fall back to the home page).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/web';
  if (!/^\/(web|public)(\/|\?|$)/.test(next)) return '/web';
  if (/[\\\s]/.test(next) || next.startsWith('//')) return '/web';
  return next;
}
