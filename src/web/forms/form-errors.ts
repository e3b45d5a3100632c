// What a form shows beside each field when the service refused it: the service's own
// Vietnamese message where it gave one, else a Vietnamese sentence for the error code.
import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-errors';
import { createValidationPipe } from '../../common/errors/validation';

/** Field (as the form names it) → Vietnamese message. '' holds an error of the whole form. */
export type FieldErrors = Record<string, string>;

const BY_CODE: Record<string, string> = {
  IS_NOT_EMPTY: 'Chưa nhập thông tin này',
  IS_STRING: 'Chưa nhập thông tin này',
  IS_INT: 'Phải là một số nguyên',
  IS_IN: 'Hãy chọn một giá trị trong danh sách',
  MIN: 'Giá trị quá nhỏ',
  MAX: 'Giá trị quá lớn',
  MAX_LENGTH: 'Nội dung quá dài',
  IS_CALENDAR_DAY: 'Ngày không hợp lệ (dd/mm/yyyy)',
  IS_TAX_CODE: 'Mã số thuế không hợp lệ',
  REQUIRED: 'Chưa nhập thông tin này',
  UNKNOWN_FIELD: 'Trường không được hỗ trợ',
  AGENCY_NOT_FOUND: 'Không có cơ quan với mã này',
  ENTERPRISE_NOT_FOUND: 'Chưa có doanh nghiệp với mã số thuế này',
  PASSWORD_TOO_SHORT: 'Mật khẩu phải có ít nhất 12 ký tự',
  PASSWORD_TOO_LONG: 'Mật khẩu dài quá 256 ký tự',
  PASSWORD_CONTAINS_USERNAME: 'Mật khẩu không được chứa tên đăng nhập',
  WRONG_PASSWORD: 'Mật khẩu hiện tại không đúng',
  PASSWORD_UNCHANGED: 'Mật khẩu mới phải khác mật khẩu hiện tại',
  USERNAME_TAKEN: 'Tên đăng nhập đã có người dùng',
  AGENCY_EXISTS: 'Đã có cơ quan với mã này',
  MATCHES: 'Mã chỉ gồm chữ, số, dấu _ . -',
  IS_EMAIL: 'Địa chỉ thư điện tử không hợp lệ',
  FILE_TOO_LARGE: 'Tệp quá lớn',
  FILE_REQUIRED: 'Hãy chọn tệp kế hoạch (.xlsx hoặc .csv)',
};

const MISSING = new Set(['IS_NOT_EMPTY', 'REQUIRED', 'IS_DEFINED', 'FILE_REQUIRED']);

/** Whole-request codes, shown at the top of the form. */
const FORM_CODES: Record<string, string> = {
  PLAN_NOT_EDITABLE: 'Kế hoạch không còn ở trạng thái dự thảo',
  PLAN_EMPTY: 'Kế hoạch chưa có cuộc thanh tra, kiểm tra nào',
  PLAN_NOT_APPROVED: 'Kế hoạch chưa được phê duyệt',
  PLAN_WITHDRAWN: 'Kế hoạch đã bị rút',
  DECISION_REQUIRED: 'Cần số và ngày của quyết định phê duyệt',
  REASON_REQUIRED: 'Cần nêu lý do',
  SELF_LOCKOUT: 'Không thể tự bỏ quyền quản trị hoặc khóa tài khoản của chính mình',
  FILE_EMPTY: 'Tệp không có dòng dữ liệu nào',
  INVALID_PLAN_TRANSITION: 'Kế hoạch không ở trạng thái cho phép thao tác này',
  CONFLICT_NOT_OPEN: 'Chồng chéo này đã được xử lý',
  CONFLICT_DECIDED_MEANWHILE: 'Người khác vừa xử lý chồng chéo này; hãy tải lại trang',
  RESOLUTION_INEFFECTIVE:
    'Cách xử lý này không làm hết chồng chéo; hãy chọn thời gian hoặc cách xử lý khác',
  STALE_REVISION: 'Dữ liệu vừa được người khác sửa; hãy tải lại trang',
  FORBIDDEN_SCOPE: 'Tài khoản của bạn không được thao tác trên dữ liệu của cơ quan này',
  UNSUPPORTED_FILE_TYPE: 'Chỉ nhận tệp .xlsx hoặc .csv',
  IMPORT_INVALID: 'Tệp có lỗi; chưa dòng nào được nhập. Sửa các dòng dưới đây rồi tải lên lại.',
  IMPORT_UNDONE:
    'Việc nhập bị hủy vì máy chủ mất kết nối cơ sở dữ liệu quá lâu; chưa dòng nào được giữ lại. Hãy nhập lại tệp.',
  NOT_ON_AGENDA: 'Chồng chéo này không có trong chương trình họp',
};

export function messageViFor(code: string, fallback?: string): string {
  return BY_CODE[code] ?? FORM_CODES[code] ?? fallback ?? 'Giá trị không hợp lệ';
}

/** The field errors of a refused request; rethrows anything that is not a domain error. */
export function fieldErrorsOf(error: unknown, rename: Record<string, string> = {}): FieldErrors {
  if (!(error instanceof DomainError)) throw error;
  const errors: FieldErrors = {};
  const rank: Record<string, number> = {};
  for (const d of error.details ?? []) {
    const field = rename[d.field] ?? d.field.split('.')[0];
    // A missing value says "missing", not every other rule the empty value also breaks.
    const r = MISSING.has(d.code) ? 0 : 1;
    if (field in errors && rank[field] <= r) continue;
    errors[field] = d.messageVi ?? messageViFor(d.code);
    rank[field] = r;
  }
  if (Object.keys(errors).length === 0)
    errors[''] = FORM_CODES[error.code] ?? BY_CODE[error.code] ?? error.message;
  return errors;
}

const pipe = createValidationPipe();

/**
 * A form's fields as the API's DTO, through the same validation the API applies (unknown
 * fields refused, values transformed): one set of rules for both.
 */
export async function formAs<T>(dto: new () => T, body: unknown): Promise<T> {
  const meta: ArgumentMetadata = { type: 'body', metatype: dto };
  return (await pipe.transform(body ?? {}, meta)) as T;
}

/** Empty form fields are "not given", as an API client would leave them out. */
export function withoutBlanks(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body ?? {}).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')),
  );
}
