import {
  detectLegacyEncoding,
  legacyToUnicode,
  tcvn3ToUnicode,
  unicodeToLegacy,
  vniToUnicode,
} from './legacy-encoding';

// Known renderings, as old files hold them (the text Excel stores under a .VnTime / VNI font).
describe('legacy Vietnamese font encodings', () => {
  it('converts TCVN3 (ABC) and VNI text to Unicode NFC', () => {
    expect(tcvn3ToUnicode('TiÕng ViÖt rÊt hay')).toBe('Tiếng Việt rất hay');
    expect(tcvn3ToUnicode('B¶o Th¾ng, M\u00adêng Kh\u00ad¬ng')).toBe('Bảo Thắng, Mường Khương');
    expect(vniToUnicode('Tieáng Vieät raát hay')).toBe('Tiếng Việt rất hay');
    expect(vniToUnicode('Xin chaøo caùc baïn')).toBe('Xin chào các bạn');
    expect(vniToUnicode('Sôû Coâng Thöông, Ñoäi QLTT')).toBe('Sở Công Thương, Đội QLTT');
    expect(vniToUnicode('Kế').normalize('NFC')).toBe('Kế'); // already Unicode: untouched
  });

  it('round-trips every Vietnamese letter (TCVN3 capitals with tone marks become lower case)', () => {
    const text =
      'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ĂÂĐÊÔƠƯ Kế hoạch';
    expect(legacyToUnicode(unicodeToLegacy(text, 'VNI'), 'VNI')).toBe(text);
    expect(legacyToUnicode(unicodeToLegacy(text, 'TCVN3'), 'TCVN3')).toBe(text);
    const upper = 'ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ';
    expect(legacyToUnicode(unicodeToLegacy(upper, 'VNI'), 'VNI')).toBe(upper);
  });

  it('detects the encoding from the text, and leaves Unicode and plain ASCII alone', () => {
    expect(detectLegacyEncoding('KÕ ho¹ch kiÓm tra n¨m 2026')).toBe('TCVN3');
    expect(detectLegacyEncoding('Keá hoaïch kieåm tra naêm 2026')).toBe('VNI');
    expect(detectLegacyEncoding('Kế hoạch kiểm tra năm 2026')).toBeNull();
    expect(detectLegacyEncoding('STT, MST, 2026')).toBeNull();
    expect(detectLegacyEncoding('Công ty ABC® Việt')).toBeNull();
    expect(detectLegacyEncoding('ABC® Trading Co.')).toBeNull();
    // Unicode text with Latin-1 letters VNI also uses (à, á, ô) is not taken for VNI.
    expect(detectLegacyEncoding('Công ty Hòa Bình, Thuận Hóa')).toBeNull();
  });
});
