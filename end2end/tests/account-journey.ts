import { expect, Page } from '@playwright/test';
import * as fs from 'fs';

/** A fresh Vinaphone number for each run, so the journey can be repeated on one database. */
export function freshPhone(): string {
  const digits = Math.floor(Math.random() * 10_000_000).toString().padStart(7, '0');
  return `091${digits}`;
}

/** "0912345678" as the server stores it. */
function canonical(phone: string): string {
  return `+84${phone.replace(/\D/g, '').replace(/^0/, '')}`;
}

/** The last one-time code the development SMS sender wrote for `phone`. */
export async function lastCode(phone: string, after = 0): Promise<{ code: string; count: number }> {
  const file = process.env.SMS_OUTBOX;
  if (!file) throw new Error('SMS_OUTBOX is not set (scripts/test sets it)');
  const to = canonical(phone);
  let found: { code: string; count: number } | undefined;
  await expect
    .poll(() => {
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
      const mine = lines.map((l) => JSON.parse(l)).filter((m) => m.to === to);
      if (mine.length > after) {
        const m = /\b(\d{6})\b/.exec(mine[mine.length - 1].message);
        if (m) found = { code: m[1], count: mine.length };
      }
      return found?.code ?? '';
    }, { timeout: 10_000 })
    .toMatch(/^\d{6}$/);
  return found!;
}

export const PASSWORD = 'Song-Hieu#2026';
export const NEW_PASSWORD = 'Cua-Viet!2027x';

/**
 * Register → read the code from the development SMS sink → activate → log in → edit the
 * name → change the password → log out (with confirmation) → log in with the new password.
 * Each step also meets one refusal first, and checks that the message is shown.
 */
export async function accountJourney(page: Page, opts: { js: boolean }) {
  const phone = freshPhone();
  const name = 'Lê Thị Hoa';

  // Hydrated, the page opens its live stream: typing before that would meet no handler.
  const hydrated = opts.js ? page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events') : null;
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký tài khoản');
  if (hydrated) await hydrated;
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('password');
  if (opts.js) {
    // Hydrated: the shared rules answer while typing.
    await expect(page.getByTestId('error-password')).not.toBeEmpty();
  }
  await page.getByLabel('Nhập lại mật khẩu').fill('password');
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await expect(page.getByTestId('error-password')).toContainText('Mật khẩu');
  // The phone and the name are still there; passwords are not sent back.
  await expect(page.getByLabel('Số điện thoại')).toHaveValue(phone);
  await expect(page.getByLabel('Họ và tên')).toHaveValue(name);

  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await expect(page).toHaveURL(/\/activate\?phone=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kích hoạt tài khoản');

  const { code } = await lastCode(phone);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('Mã xác thực').fill(wrong);
  await page.getByRole('button', { name: 'Kích hoạt', exact: true }).click();
  await expect(page.getByTestId('error-code')).toContainText('Mã xác thực không đúng hoặc đã hết hạn');
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Kích hoạt', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?activated=1/);
  await expect(page.getByTestId('notice')).toContainText('Tài khoản đã được kích hoạt');

  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-name')).toHaveText(name);
  await expect(page.getByTestId('account-phone')).toContainText(phone.slice(0, 4));

  const newName = 'Lê Thị Hồng Hoa';
  await page.getByLabel('Họ và tên').fill(newName);
  await page.getByRole('button', { name: 'Lưu họ tên' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu họ tên.');
  await expect(page.getByTestId('account-name')).toHaveText(newName);

  await page.getByRole('link', { name: 'Đổi mật khẩu' }).first().click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel('Mật khẩu hiện tại').fill('Wrong#Pass2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByTestId('error-old_password')).toHaveText('Mật khẩu hiện tại không đúng.');
  await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page).toHaveURL(/\/account\?saved=password/);
  await expect(page.getByTestId('notice')).toContainText('Đã đổi mật khẩu');

  // Log out from the account menu, after confirming.
  await page.getByTestId('account-name').click();
  await page.getByTestId('account-menu').getByRole('link', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/logout$/);
  await expect(page.getByText('Bạn có chắc chắn muốn đăng xuất?')).toBeVisible();
  await page.getByTestId('logout-form').getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login\?logged_out=1/);
  await expect(page.getByTestId('nav-login')).toBeVisible();

  // The old password no longer works; the new one does.
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('error-password')).toHaveText('Số điện thoại hoặc mật khẩu không đúng.');
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-name')).toHaveText(newName);

  // The account page needs a session: after logging out it invites to log in.
  return phone;
}
