// Geometry of a horizontal bar chart with one or two series (e.g. before / after
// coordination): pure, drawn by the template as SVG.
export interface BarRow {
  label: string;
  values: number[];
}

export interface BarChart {
  width: number;
  height: number;
  labelWidth: number;
  rows: Array<{
    label: string;
    y: number;
    bars: Array<{
      x: number;
      y: number;
      w: number;
      h: number;
      value: number;
      series: number;
      textX: number;
    }>;
  }>;
  max: number;
}

export function barChart(rows: BarRow[], width = 640, barHeight = 18): BarChart {
  const labelWidth = Math.min(240, Math.round(width * 0.38));
  const series = Math.max(1, ...rows.map((r) => r.values.length));
  const rowHeight = series * barHeight + 14;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const room = width - labelWidth - 56;
  return {
    width,
    labelWidth,
    max,
    height: rows.length * rowHeight + 8,
    rows: rows.map((r, i) => {
      const y = 4 + i * rowHeight;
      return {
        label: r.label,
        y: y + rowHeight / 2,
        bars: r.values.map((value, s) => {
          const w = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * room));
          return {
            x: labelWidth,
            y: y + s * barHeight,
            w,
            h: barHeight - 2,
            value,
            series: s,
            textX: labelWidth + w + 4,
          };
        }),
      };
    }),
  };
}
