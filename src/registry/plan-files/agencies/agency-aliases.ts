// How plan files name agencies, as data: abbreviations people type, and names that point to
// another agency (informal names, and the names agencies had before the 2025 mergers). A
// deployment may add its own; agency succession (old agency → successor) feeds the same list.
// Written in folded form (foldForMatch: no diacritics, lower case, punctuation as spaces).

/** Abbreviation → the words it stands for; applied to both the file's text and the registry's names. */
export const AGENCY_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['ubnd', 'uy ban nhan dan'],
  ['hdnd', 'hoi dong nhan dan'],
  ['nn mt', 'nong nghiep moi truong'],
  ['nnmt', 'nong nghiep moi truong'],
  ['tn mt', 'tai nguyen moi truong'],
  ['tnmt', 'tai nguyen moi truong'],
  ['nn ptnt', 'nong nghiep phat trien nong thon'],
  ['nnptnt', 'nong nghiep phat trien nong thon'],
  ['kh cn', 'khoa hoc cong nghe'],
  ['khcn', 'khoa hoc cong nghe'],
  ['kh dt', 'ke hoach dau tu'],
  ['khdt', 'ke hoach dau tu'],
  ['ld tb xh', 'lao dong thuong binh xa hoi'],
  ['ldtbxh', 'lao dong thuong binh xa hoi'],
  ['ld tbxh', 'lao dong thuong binh xa hoi'],
  ['gd dt', 'giao duc dao tao'],
  ['gddt', 'giao duc dao tao'],
  ['vh tt dl', 'van hoa the thao du lich'],
  ['vhttdl', 'van hoa the thao du lich'],
  ['tt tt', 'thong tin truyen thong'],
  ['tttt', 'thong tin truyen thong'],
  ['gtvt', 'giao thong van tai'],
  ['qltt', 'quan ly thi truong'],
  ['bhxh', 'bao hiem xa hoi'],
  ['pccc', 'phong chay chua chay'],
  ['ca tinh', 'cong an tinh'],
  ['tp', 'thanh pho'],
  ['tt', 'thanh tra'],
];

export interface AgencyAlias {
  /** The name as written, folded. */
  written: string;
  /** Names (folded) of the agency meant, most specific first; the first one registered wins. */
  means: readonly string[];
  why: string;
  whyVi: string;
}

/**
 * Names that do not spell the registry's name but mean an agency. Every match through this
 * table is shown as a guess: they are what people usually mean, not what they wrote.
 */
export const AGENCY_ALIASES: readonly AgencyAlias[] = [
  {
    written: 'thanh tra so',
    means: ['thanh tra tinh'],
    why: 'the inspectorates of the Sở were merged into the provincial inspectorate in 2025',
    whyVi: 'Thanh tra các Sở đã hợp nhất vào Thanh tra tỉnh từ năm 2025',
  },
  {
    written: 'thanh tra',
    means: ['thanh tra tinh'],
    why: '"Thanh tra" alone is taken as the provincial inspectorate',
    whyVi: '"Thanh tra" không ghi rõ: hiểu là Thanh tra tỉnh',
  },
  {
    written: 'pc07',
    means: ['phong canh sat phong chay chua chay cuu nan cuu ho', 'cong an tinh'],
    why: 'PC07 is the fire and rescue police division of the provincial police',
    whyVi: 'PC07 là Phòng Cảnh sát PCCC và CNCH thuộc Công an tỉnh',
  },
  {
    written: 'canh sat pccc',
    means: ['phong canh sat phong chay chua chay cuu nan cuu ho', 'cong an tinh'],
    why: 'the fire police is a division of the provincial police',
    whyVi: 'Cảnh sát PCCC thuộc Công an tỉnh',
  },
  {
    written: 'chi cuc quan ly thi truong',
    means: ['cuc quan ly thi truong', 'chi cuc quan ly thi truong tinh', 'so cong thuong'],
    why: 'the provincial market surveillance sub-department became a department of the Ministry of Industry and Trade (Cục QLTT tỉnh)',
    whyVi: 'Chi cục QLTT đã chuyển thành Cục QLTT tỉnh thuộc Bộ Công Thương',
  },
  {
    written: 'quan ly thi truong',
    means: ['cuc quan ly thi truong', 'chi cuc quan ly thi truong', 'so cong thuong'],
    why: '"QLTT" is the market surveillance force of the province',
    whyVi: '"QLTT" là lực lượng quản lý thị trường của tỉnh',
  },
  {
    written: 'so tai nguyen moi truong',
    means: ['so nong nghiep moi truong'],
    why: 'Sở TN&MT was merged into Sở Nông nghiệp và Môi trường in 2025',
    whyVi: 'Sở TN&MT đã hợp nhất vào Sở Nông nghiệp và Môi trường từ năm 2025',
  },
  {
    written: 'so nong nghiep phat trien nong thon',
    means: ['so nong nghiep moi truong'],
    why: 'Sở NN&PTNT was merged into Sở Nông nghiệp và Môi trường in 2025',
    whyVi: 'Sở NN&PTNT đã hợp nhất vào Sở Nông nghiệp và Môi trường từ năm 2025',
  },
  {
    written: 'so lao dong thuong binh xa hoi',
    means: ['so noi vu'],
    why: 'the labour functions of Sở LĐTBXH moved to Sở Nội vụ in 2025',
    whyVi: 'Chức năng lao động của Sở LĐTBXH đã chuyển về Sở Nội vụ từ năm 2025',
  },
  {
    written: 'so ke hoach dau tu',
    means: ['so tai chinh'],
    why: 'Sở KH&ĐT was merged into Sở Tài chính in 2025',
    whyVi: 'Sở KH&ĐT đã hợp nhất vào Sở Tài chính từ năm 2025',
  },
  {
    written: 'so giao thong van tai',
    means: ['so xay dung'],
    why: 'Sở GTVT was merged into Sở Xây dựng in 2025',
    whyVi: 'Sở GTVT đã hợp nhất vào Sở Xây dựng từ năm 2025',
  },
  {
    written: 'so thong tin truyen thong',
    means: ['so khoa hoc cong nghe'],
    why: 'Sở TT&TT was merged into Sở Khoa học và Công nghệ in 2025',
    whyVi: 'Sở TT&TT đã hợp nhất vào Sở Khoa học và Công nghệ từ năm 2025',
  },
  {
    written: 'cuc thue',
    means: ['thue tinh'],
    why: 'the provincial tax department (Cục Thuế) became Thuế tỉnh in 2025',
    whyVi: 'Cục Thuế tỉnh đã đổi thành Thuế tỉnh từ năm 2025',
  },
  {
    written: 'cuc thue tinh',
    means: ['thue tinh'],
    why: 'the provincial tax department (Cục Thuế) became Thuế tỉnh in 2025',
    whyVi: 'Cục Thuế tỉnh đã đổi thành Thuế tỉnh từ năm 2025',
  },
  {
    written: 'bao hiem xa hoi',
    means: ['bao hiem xa hoi tinh'],
    why: '"BHXH" is taken as the provincial social insurance',
    whyVi: '"BHXH" hiểu là Bảo hiểm xã hội tỉnh',
  },
];
