import type { FC } from 'hono/jsx';

export interface Series {
  /** Shown in the legend and the table. */
  label: string;
  /** One count per week, in the order of `weeks`. */
  counts: number[];
}

/** Colour-blind-safe palette (Okabe–Ito); patterns are not needed: the table below says it all. */
const COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/**
 * Stacked bars per week as inline SVG: works without JavaScript and prints. The same numbers
 * follow as a table, for screen readers and for anyone who wants the figures.
 */
export const WeeklyChart: FC<{
  title: string;
  weeks: string[];
  series: Series[];
  weekLabel: string;
}> = (p) => {
  const totals = p.weeks.map((_, i) => p.series.reduce((n, s) => n + (s.counts[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const w = 640;
  const h = 220;
  const bar = (w - 40) / Math.max(1, p.weeks.length);
  return (
    <figure>
      <figcaption>
        <strong>{p.title}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h + 30}`}
        role="img"
        aria-label={p.title}
        style="width:100%;max-width:40rem;height:auto"
      >
        <line x1="30" y1={h} x2={w} y2={h} stroke="#767676" />
        <text x="0" y="12" font-size="11">
          {max}
        </text>
        {p.weeks.map((week, i) => {
          let y = h;
          return (
            <g>
              {p.series.map((s, k) => {
                const n = s.counts[i] ?? 0;
                const height = (n / max) * (h - 20);
                y -= height;
                return n ? (
                  <rect
                    x={34 + i * bar}
                    y={y}
                    width={Math.max(2, bar - 4)}
                    height={height}
                    fill={COLOURS[k % COLOURS.length]}
                  >
                    <title>{`${week} · ${s.label}: ${n}`}</title>
                  </rect>
                ) : null;
              })}
              {(p.weeks.length <= 13 || i % 2 === 0) && (
                <text x={34 + i * bar} y={h + 14} font-size="10">
                  {week.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul style="list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem">
        {p.series.map((s, k) => (
          <li>
            <span
              aria-hidden="true"
              style={`display:inline-block;width:.8rem;height:.8rem;background:${COLOURS[k % COLOURS.length]};margin-right:.3rem`}
            ></span>
            {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{p.title}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.weekLabel}</th>
              {p.series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.weeks.map((week, i) => (
              <tr>
                <th scope="row">{week}</th>
                {p.series.map((s) => (
                  <td>{s.counts[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
};
