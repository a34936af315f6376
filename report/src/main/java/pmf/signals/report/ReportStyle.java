package pmf.signals.report;

/** report.html's stylesheet, inline so the file needs nothing else: system fonts only, no imports, no url(). */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS = """
      * { box-sizing: border-box; }
      html { -webkit-text-size-adjust: 100%; }
      body { margin: 0; background: #f4f5f7; color: #1f2937;
        font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans",
          "DejaVu Sans", Arial, sans-serif; }
      .page { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
      header { margin-bottom: 8px; }
      .kicker { margin: 0; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: #6b7280; }
      h1 { font-size: 30px; line-height: 1.2; margin: 2px 0 6px; color: #111827; letter-spacing: -.01em; }
      h2 { font-size: 21px; line-height: 1.3; margin: 0 0 10px; color: #111827; }
      h3 { font-size: 16px; margin: 18px 0 6px; color: #111827; }
      .meta { margin: 0; color: #4b5563; font-size: 15px; }
      .warning { margin: 18px 0; padding: 14px 18px; border: 2px solid #d97706; border-left-width: 10px;
        border-radius: 10px; background: #fef3c7; color: #78350f; font-size: 17px; font-weight: 600; }
      .warning strong { text-transform: uppercase; letter-spacing: .05em; margin-right: 6px; }
      .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0; }
      .kpi { background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; padding: 12px 16px; }
      .kpi-label { font-size: 13px; color: #4b5563; }
      .kpi-value { font-size: 28px; font-weight: 700; color: #111827; line-height: 1.25;
        font-variant-numeric: tabular-nums; }
      .kpi-detail { font-size: 13px; color: #6b7280; }
      .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 14px; padding: 22px 26px; margin: 16px 0;
        box-shadow: 0 1px 2px rgba(17, 24, 39, .04); }
      .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 16px 0; }
      .pair > .card { margin: 0; }
      .pair.top-aligned { align-items: start; }
      @media (max-width: 900px) { .pair { grid-template-columns: 1fr; } }
      .answer { font-size: 17px; margin: 0 0 14px; color: #111827; max-width: 72ch; }
      .empty { margin: 6px 0; padding: 12px 14px; border-radius: 8px; background: #f9fafb; color: #4b5563;
        font-style: italic; }
      .note { margin: 10px 0 0; font-size: 13px; color: #6b7280; }
      .small { font-size: 13px; color: #6b7280; }
      .nowrap { white-space: nowrap; }
      ol.build { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
      ol.build > li { display: grid; grid-template-columns: 40px 1fr; gap: 14px; padding: 14px 16px;
        border: 1px solid #e5e7eb; border-radius: 12px; background: #fcfcfd; }
      ol.build h3 { margin: 2px 0 4px; font-size: 18px; }
      ol.build p { margin: 0; }
      .rank { width: 34px; height: 34px; border-radius: 50%; background: #111827; color: #fff; font-weight: 700;
        display: flex; align-items: center; justify-content: center; }
      .chips { list-style: none; margin: 10px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
      .chip { padding: 2px 10px; border-radius: 999px; background: #eef2f7; color: #1f2937; font-size: 13px; }
      .chip.muted { background: transparent; border: 1px solid #e5e7eb; color: #6b7280; }
      dl.facts { display: grid; gap: 10px; margin: 0; }
      dl.facts dt { font-size: 13px; color: #4b5563; }
      dl.facts dd { margin: 0; }
      .fact-value { font-size: 22px; font-weight: 700; color: #111827; font-variant-numeric: tabular-nums; }
      .fact-detail { color: #4b5563; font-size: 14px; }
      ul.drivers, ul.details { margin: 0; padding-left: 20px; }
      table { width: 100%; border-collapse: collapse; font-size: 14px; margin: 8px 0 4px; }
      th, td { padding: 8px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #e5e7eb; }
      th { font-size: 12px; font-weight: 600; color: #6b7280; text-transform: uppercase; letter-spacing: .04em; }
      .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
      th.num { white-space: normal; } /* a header naming its base wraps rather than squeeze the text beside it */
      svg.chart { display: block; width: 100%; height: auto; margin: 6px 0 10px; overflow: visible; }
      svg .label { font-size: 14px; fill: #1f2937; }
      svg .figure { font-size: 13px; fill: #374151; font-variant-numeric: tabular-nums; }
      svg .panel-heading { font-size: 15px; font-weight: 600; fill: #111827; }
      svg .legend-label, svg .tick { font-size: 12px; fill: #6b7280; }
      footer { margin-top: 28px; color: #4b5563; font-size: 14px; }
      footer h2 { font-size: 16px; }
      dl.methods { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 10px; }
      dl.methods dt { font-weight: 600; }
      dl.methods dd { margin: 0; }
      @media print { body { background: #fff; } .card, .kpi { box-shadow: none; break-inside: avoid; } }
      """;
}
