"""The page's own CSS, inserted once per run by the frame (igg4rd/ui/navigation.py).

Streamlit's test ids and `st-key-<key>` classes are the selectors: screen (metric values wrap
instead of being cut to '12.5 …'; a Markdown table fits its column, see below; keyed column rows
stack on a tablet; the worklist's first columns alone on a phone; a folded sidebar is hidden,
see below), and print (Ctrl+P gives the page's content: no sidebar, header, navigation, picker
or buttons; a chart is never split).

A Markdown table (the month-6 serology table, a chart's numbers) is never a scrolling region:
one that scrolled sideways (`display: block; overflow-x: auto`, as it did on a phone) held
nothing a keyboard could focus, so its hidden columns could not be reached (axe
`scrollable-region-focusable`: the English serology table at 390 px needed 405 px for its
longest words in a 358 px column; the Chinese, 368 px). On a phone its text is smaller and its
cells narrower, so its whole words fit (310 px, Chinese 278 px).

A folded sidebar: Streamlit only slides it off the screen (translateX) and narrows it to no
width, so it stays in the page: its widgets are reached by Tab though nobody sees them, a screen
reader reads it, and its content (`overflow: auto`), squeezed to the width of its padding, wraps
into a column taller than the window: a scrolling region. While its radio and toggle are still
placeholders (their code arrives a moment after the page is drawn), nothing in it can take the
focus: a scrollable region a keyboard cannot reach (axe `scrollable-region-focusable`, issue #26;
reported in Chinese, found in English too: it depends on when the widgets' code arrives). Folded,
it is hidden (`visibility`): folding it removes it at once (the page then widens over 300 ms), as
nothing that delays the hiding could tell a fold from this style's arrival on a new page: a
`visibility` transition kept a folded sidebar shown for 300 ms (over a second on a busy
machine) after every page's first drawing.
"""

STYLE_MARK = "igg4rd page style"  # a comment in the style: tests wait for it to apply
PAGE_STYLE = """<style>
/* STYLE_MARK */
[data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] { font-size: 1.8rem; }
[data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }  /* just below the header */
[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }  /* folded (#26) */
@media (max-width: 1100px) {
  [class*="st-key-igg4rd-stack"] [data-testid="stHorizontalBlock"] { flex-direction: column; }
  [class*="st-key-igg4rd-stack"] [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 100% !important;
  }
}
@media (max-width: 640px) {
  [data-testid="stMain"] h1 { font-size: 2rem; }
  [data-testid="stMarkdownContainer"] table { font-size: 0.875rem; }  /* fits, not scrolls */
  [data-testid="stMarkdownContainer"] :is(th, td) { padding: 0.25rem 0.375rem; }
  .st-key-worklist-full { display: none !important; }  /* a phone: the compact worklist */
}
@media (min-width: 641px) { .st-key-worklist-compact { display: none !important; } }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stExpandSidebarButton"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], .st-key-igg4rd-picker, .stDownloadButton, .stButton,
  [data-testid="stExpander"], [data-testid="stCode"] button { display: none !important; }
  [data-testid="stMain"] { margin: 0 !important; padding: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 1rem !important; max-width: none !important; }
  [data-testid="stPlotlyChart"], [data-testid="stAlert"], [data-testid="stMetric"] {
    break-inside: avoid;
  }
}
</style>""".replace("STYLE_MARK", STYLE_MARK)
