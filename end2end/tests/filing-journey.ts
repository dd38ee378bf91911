import { expect, Page } from '@playwright/test';

export const CITIZEN = { phone: '0900000005', password: 'Paht@2026demo', name: 'Nguyễn Văn An' };

/** From the filing tab, through the login invitation, back to the form, logged in. */
export async function loginFromTheFilingTab(page: Page) {
  await page.goto('/');
  await page.getByTestId('tab-bar').getByRole('link', { name: 'Gửi phản ánh' }).click();
  await expect(page).toHaveURL(/\/reports\/new$/);
  await expect(page.getByTestId('login-required')).toBeVisible();
  await page.getByTestId('login-required').getByRole('link', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Freports%2Fnew/);
  await page.getByLabel('Số điện thoại').fill(CITIZEN.phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/reports\/new$/);
  await expect(page.getByTestId('report-form')).toBeVisible();
}

/**
 * A refused send keeps what was typed and says why; a draft is saved, listed, opened again
 * and sent; the sent report is under "my reports" with its code.
 */
export async function filingJourney(page: Page) {
  const title = `Đèn đường hỏng ${Date.now() % 100000}`;
  const form = page.getByTestId('report-form');

  // Too short, no district: refused, nothing lost.
  await form.getByLabel('Tiêu đề').fill(title);
  await form.getByLabel('Nội dung phản ánh').fill('Đèn hỏng');
  await page.getByTestId('send-report').click();
  await expect(page.getByTestId('error-content')).toContainText('ít nhất 20 ký tự');
  await expect(page.getByTestId('error-district')).toContainText('Vui lòng chọn huyện');
  await expect(form.getByLabel('Tiêu đề')).toHaveValue(title);

  // Saved as a draft, listed, opened again.
  await page.getByTestId('save-draft').click();
  await expect(page).toHaveURL(/\/me\/reports\?saved=\d+/);
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu bản nháp.');
  const row = page.getByTestId('my-report').filter({ hasText: title });
  await expect(row).toHaveAttribute('data-status', 'draft');
  await row.getByRole('link', { name: 'Sửa và gửi' }).click();
  await expect(page).toHaveURL(/\/reports\/new\?draft=\d+/);
  await expect(form.getByLabel('Tiêu đề')).toHaveValue(title);

  // Completed and sent.
  await form.getByLabel('Nội dung phản ánh').fill('Cả dãy đèn đường trước trường tiểu học không sáng từ ba hôm nay, buổi tối rất tối.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });
  await form.getByLabel('Xã/phường/thị trấn').selectOption({ label: 'Phường Đông Lễ' });
  await form.getByLabel('Địa chỉ cụ thể').fill('Đường Trần Hưng Đạo, trước cổng trường');
  await form.getByLabel('Sự việc khẩn cấp').check();
  await page.getByTestId('send-report').click();
  await expect(page).toHaveURL(/\/reports\/sent\?code=PA-\d{4}-\d{6,}/);
  const code = (await page.getByTestId('sent-code').textContent())!.trim();
  expect(code).toMatch(/^PA-\d{4}-\d{6,}$/);

  await page.getByRole('link', { name: 'Xem phản ánh của tôi' }).click();
  await expect(page).toHaveURL(/\/me\/reports$/);
  const sent = page.getByTestId('my-report').filter({ hasText: title });
  await expect(sent).toHaveAttribute('data-status', 'submitted');
  await expect(sent).toContainText(code);
  await expect(sent).toContainText('Thành phố Đông Hà');

  // Its page, which only its author sees until the centre publishes it.
  await sent.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}$`));
  await expect(page.getByTestId('report-code')).toHaveText(code);
  await expect(page.getByTestId('own-private')).toContainText('chưa được công khai');
  await expect(page.getByTestId('withdraw')).toBeVisible();
  return code;
}
