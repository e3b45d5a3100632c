import { foldForMatch, normalizeLine, normalizeText } from './vietnamese-text';

describe('normalizeText', () => {
  it('composes NFD diacritics to NFC, the form stored and compared', () => {
    const nfd = 'Thanh tra tỉnh'.normalize('NFD');
    expect(nfd).not.toBe('Thanh tra tỉnh');
    expect(normalizeText(nfd)).toBe('Thanh tra tỉnh');
  });

  it('turns CRLF and a lone CR into LF, keeping inner newlines', () => {
    expect(normalizeText('Dòng 1\r\nDòng 2\rDòng 3')).toBe('Dòng 1\nDòng 2\nDòng 3');
  });

  it('turns non-breaking and odd spaces into one plain space, and collapses runs', () => {
    expect(normalizeText('Sở\u00a0Nội\u2009vụ')).toBe('Sở Nội vụ');
    expect(normalizeText('Sở \t  Nội\u202f\u3000vụ\ufeff')).toBe('Sở Nội vụ');
  });

  it('trims the text and the spaces around each newline', () => {
    expect(normalizeText('  Kế hoạch  \n   năm 2026 \n')).toBe('Kế hoạch\nnăm 2026');
    expect(normalizeText('a \n b')).toBe('a\nb');
    expect(normalizeText('a\n b')).toBe('a\nb');
    expect(normalizeText('a \nb')).toBe('a\nb');
  });
});

describe('normalizeLine', () => {
  it('puts the text on one line, one space for every whitespace run', () => {
    expect(normalizeLine('Kiểm tra\n\n việc chấp hành\r\nPCCC')).toBe(
      'Kiểm tra việc chấp hành PCCC',
    );
  });
});

describe('foldForMatch', () => {
  it('drops diacritics (đ → d), lowers the case and turns punctuation into single spaces', () => {
    expect(foldForMatch('Mã số  thuế\n(MST)')).toBe('ma so thue mst');
    expect(foldForMatch('ĐO LƯỜNG, Đồng hồ')).toBe('do luong dong ho');
  });
});
