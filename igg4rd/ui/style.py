"""The page's own CSS, inserted once per run by the frame (igg4rd/ui/navigation.py).

Streamlit's test ids and `st-key-<key>` classes are the selectors: screen (metric values wrap
instead of being cut to '12.5 …'; a Markdown table scrolls sideways inside the page on a phone;
keyed column rows stack on a tablet; the worklist's first columns alone on a phone), and print
(Ctrl+P gives the page's content: no sidebar, header, navigation, picker or buttons; a chart is
never split).
"""

PAGE_STYLE = """<style>
[data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] { font-size: 1.8rem; }
[data-testid="stMarkdownContainer"] table { display: block; overflow-x: auto; }  /* scrolls */
[data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }  /* just below the header */
@media (max-width: 1100px) {
  [class*="st-key-igg4rd-stack"] [data-testid="stHorizontalBlock"] { flex-direction: column; }
  [class*="st-key-igg4rd-stack"] [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 100% !important;
  }
}
@media (max-width: 640px) {
  [data-testid="stMain"] h1 { font-size: 2rem; }
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
</style>"""
