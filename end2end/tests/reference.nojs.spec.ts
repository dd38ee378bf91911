import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

const ADMIN = '0900000001';

// Each run works on its own rows (a far year, a fresh code), so the suite can run again on
// the same database and other specs keep the demo's agencies and categories.
const stamp = Date.now().toString(36).toUpperCase();

test('without JavaScript an admin adds and removes a public holiday, a refused day keeps the form', async ({ page }) => {
  await signIn(page, ADMIN, '/admin/holidays?year=2026');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ngày nghỉ lễ');
  await expect(page.getByTestId('holiday-2026-09-02')).toContainText('Quốc khánh');
  await expect(page.getByTestId('holiday-2026-09-02')).toContainText('Thứ Tư');

  const year = 2090 + (Date.now() % 9);
  const day = `${year}-03-06`;
  const form = page.getByTestId('holiday-form');
  // A day that is already a holiday is refused, and the name typed is kept.
  await form.getByLabel('Ngày (YYYY-MM-DD)').fill('2026-09-02');
  await form.getByLabel('Tên ngày nghỉ').fill('Ngày nghỉ đột xuất');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('error-day')).toHaveText('Ngày này đã có trong danh sách ngày nghỉ.');
  await expect(page.getByTestId('holiday-form').getByLabel('Tên ngày nghỉ')).toHaveValue('Ngày nghỉ đột xuất');

  await page.getByTestId('holiday-form').getByLabel('Ngày (YYYY-MM-DD)').fill(day);
  await page.getByTestId('holiday-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/holidays\\?year=${year}`));
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  const row = page.getByTestId(`holiday-${day}`);
  await expect(row).toContainText('Ngày nghỉ đột xuất');

  // Removing asks first.
  await row.getByText('Xoá', { exact: true }).click();
  await expect(row.getByText(/Thời hạn đặt từ nay sẽ tính ngày này là ngày làm việc/)).toBeVisible();
  await row.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã xoá ngày nghỉ.');
  await expect(page.getByTestId(`holiday-${day}`)).toHaveCount(0);
  await expect(page.getByTestId('holidays-empty')).toBeVisible();

  // Both changes are in the audit log.
  await page.getByRole('navigation', { name: 'Quản trị danh mục' }).getByRole('link', { name: 'Nhật ký hệ thống' }).click();
  const log = page.getByTestId('audit-table');
  await expect(log.getByText('Thêm ngày nghỉ lễ').first()).toBeVisible();
  await expect(log.getByText('Xoá ngày nghỉ lễ').first()).toBeVisible();
});

test('without JavaScript an admin creates a category, then edits its deadlines', async ({ page }) => {
  await signIn(page, ADMIN, '/admin/categories');
  await expect(page.getByTestId('category-ha_tang_giao_thong')).toContainText('Hạ tầng giao thông');
  const code = `thu_${stamp.toLowerCase()}`;
  const form = page.getByTestId('category-form');
  await form.getByLabel('Mã lĩnh vực').fill(code);
  await form.getByLabel('Tên tiếng Việt').fill('Cây xanh đô thị');
  await form.getByLabel('Tên tiếng Anh').fill('Urban trees');
  await form.getByLabel('Thời hạn thông thường (ngày làm việc)').fill('10');
  await form.getByLabel('Thời hạn khẩn (ngày làm việc)').fill('12');
  await form.getByLabel('Đang dùng').uncheck();
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('error-urgent_days')).toHaveText('Thời hạn xử lý khẩn không được dài hơn thời hạn thông thường.');
  await expect(page.getByTestId('category-form').getByLabel('Tên tiếng Việt')).toHaveValue('Cây xanh đô thị');
  await expect(page.getByTestId('category-form').getByLabel('Đang dùng')).not.toBeChecked();

  await page.getByTestId('category-form').getByLabel('Thời hạn khẩn (ngày làm việc)').fill('3');
  await page.getByTestId('category-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  const row = page.getByTestId(`category-${code}`);
  await expect(row).toContainText('10 ngày, khẩn 3 ngày');
  await expect(row).toContainText('Ngừng dùng');

  await row.getByRole('link', { name: 'Sửa' }).click();
  await expect(page.getByRole('heading', { name: 'Sửa lĩnh vực Cây xanh đô thị' })).toBeVisible();
  await page.getByTestId('category-form').getByLabel('Thời hạn thông thường (ngày làm việc)').fill('7');
  await page.getByTestId('category-form').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId(`category-${code}`)).toContainText('7 ngày, khẩn 3 ngày');
});

test('without JavaScript an admin adds an agency under a parent and deactivates it after confirming', async ({ page }) => {
  await signIn(page, ADMIN, '/admin/agencies');
  const code = `THU-${stamp}`;
  const form = page.getByTestId('agency-form');
  await form.getByLabel('Mã đơn vị').fill(code);
  await form.getByLabel('Tên đơn vị').fill('Phòng Quản lý đô thị thử nghiệm');
  await form.getByLabel('Đơn vị cấp trên').selectOption({ label: 'UBND thành phố Đông Hà' });
  // The browser lets "qldt@dongha" through; the server wants a dotted domain.
  await form.getByLabel('Thư điện tử').fill('qldt@dongha');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('error-email')).toHaveText('Địa chỉ thư điện tử không hợp lệ.');
  await page.getByTestId('agency-form').getByLabel('Thư điện tử').fill('qldt@dongha.quangtri.gov.vn');
  await page.getByTestId('agency-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  const row = page.getByTestId(`agency-${code}`);
  await expect(row).toContainText('UBND thành phố Đông Hà');
  await expect(row).toContainText('Đang dùng');

  await row.getByText('Ngừng hoạt động', { exact: true }).click();
  await expect(row.getByText(/sẽ không còn được chọn khi chuyển xử lý/)).toBeVisible();
  await row.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByTestId(`agency-${code}`)).toContainText('Ngừng dùng');
  await expect(page.getByTestId(`agency-${code}`).getByRole('button', { name: 'Hoạt động trở lại' })).toBeVisible();
});

test('without JavaScript a citizen is refused the administration of categories', async ({ page }) => {
  await signIn(page, '0900000005', '/');
  const r = await page.goto('/admin/categories');
  expect(r?.status()).toBe(403);
  await expect(page.getByTestId('admin-error')).toBeVisible();
});

test('without JavaScript an admin tests a point, adds a more specific rule, sees it decide, and removes it', async ({ page }) => {
  await signIn(page, ADMIN, '/admin/routing');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quy tắc chuyển xử lý');
  await expect(page.getByTestId('rules-table')).toContainText('Sở Giao thông vận tải');

  // A point in Đông Hà, roads: the city's rule.
  const tester = page.getByTestId('route-test-form');
  await tester.getByLabel('Vĩ độ').fill('16.8163');
  await tester.getByLabel('Kinh độ').fill('107.1003');
  await tester.getByLabel('Lĩnh vực').selectOption({ label: 'Hạ tầng giao thông' });
  await tester.getByRole('button', { name: 'Thử' }).click();
  await expect(page).toHaveURL(/lat=16\.8163/);
  await expect(page.getByTestId('route-answer')).toContainText('Thành phố Đông Hà');
  await expect(page.getByTestId('route-agency')).toHaveText('Đơn vị đề xuất: UBND thành phố Đông Hà');
  await expect(page.getByTestId('route-why')).toContainText('Lý do: quy tắc số');

  // Outside the province: a clear refusal.
  await page.goto('/admin/routing?lat=10.77&lng=106.70&category=');
  await expect(page.getByTestId('route-error')).toContainText('nằm ngoài địa bàn');

  // A rule for roads in the whole city to another agency would duplicate the seed's: refused.
  const form = page.getByTestId('rule-form');
  await form.getByLabel('Lĩnh vực').selectOption({ label: 'Hạ tầng giao thông' });
  await form.getByLabel('Địa bàn').selectOption({ label: 'Thành phố Đông Hà' });
  await form.getByLabel('Đơn vị xử lý').selectOption({ label: 'Sở Xây dựng' });
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('error-category_id')).toContainText('Đã có quy tắc cho cùng lĩnh vực và địa bàn này');

  // Without a category, for the city: allowed; points without a category now follow it.
  await page.getByTestId('rule-form').getByLabel('Lĩnh vực').selectOption({ label: 'Mọi lĩnh vực' });
  await page.getByTestId('rule-form').getByLabel('Địa bàn').selectOption({ label: 'Thành phố Đông Hà' });
  await page.getByTestId('rule-form').getByLabel('Đơn vị xử lý').selectOption({ label: 'Sở Xây dựng' });
  await page.getByTestId('rule-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  const added = page.getByTestId('rules-table').locator('tbody tr').last();
  await expect(added).toContainText('Mọi lĩnh vực');
  await expect(added).toContainText('Sở Xây dựng');

  await page.goto('/admin/routing?lat=16.8163&lng=107.1003&category=');
  await expect(page.getByTestId('route-agency')).toHaveText('Đơn vị đề xuất: Sở Xây dựng');

  // Removed after confirming: the district's committee again.
  const last = page.getByTestId('rules-table').locator('tbody tr').last();
  await last.getByText('Xoá', { exact: true }).click();
  await last.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã xoá quy tắc.');
  await page.goto('/admin/routing?lat=16.8163&lng=107.1003&category=');
  await expect(page.getByTestId('route-agency')).toHaveText('Đơn vị đề xuất: UBND thành phố Đông Hà');
  await expect(page.getByTestId('route-why')).toHaveText('Lý do: không có quy tắc phù hợp, nên đề xuất UBND cấp huyện nơi xảy ra sự việc.');
});

test('without JavaScript an admin adds a reply template (a too-short text is refused and the form kept), then makes it inactive', async ({ page }) => {
  await signIn(page, ADMIN, '/admin/templates');
  const text = `Phản ánh không thuộc phạm vi tiếp nhận của hệ thống (${stamp}).`;
  const form = page.getByTestId('template-form');
  await form.getByLabel('Dùng cho thao tác').selectOption({ label: 'Từ chối tiếp nhận' });
  await form.getByLabel('Nội dung tiếng Việt').fill('Ồ');
  await form.getByLabel('Nội dung tiếng Anh').fill('Outside what the system handles.');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('error-text_vi')).toHaveText('Vui lòng nhập ít nhất 5 ký tự.');
  await page.getByTestId('template-form').getByLabel('Nội dung tiếng Việt').fill(text);
  await page.getByTestId('template-form').getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  const row = page.getByTestId('templates-table').locator('tr', { hasText: text });
  await expect(row).toContainText('Đang dùng');

  await row.getByRole('link', { name: 'Sửa' }).click();
  await page.getByTestId('template-form').getByLabel('Đang dùng').uncheck();
  await page.getByTestId('template-form').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('templates-table').locator('tr', { hasText: text })).toContainText('Ngừng dùng');
});
