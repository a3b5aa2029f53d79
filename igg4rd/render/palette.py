"""The Okabe-Ito colour-blind-safe palette, shared by every chart renderer, and how each status
looks wherever it is drawn (an icon and a marker shape carry it; colour only helps)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "purple": "#CC79A7", "grey": "#999999"}


@dataclass(frozen=True)
class StatusLook:
    """A status drawn: its Material icon, Streamlit badge colour, plotly marker and colour."""

    icon: str
    badge: Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey",
                   "primary"]  # st.badge's colours
    symbol: str
    colour: str


STATUS_LOOK = {  # the on-track statuses and the outcomes (rules.codes)
    "on_track": StatusLook(":material/check_circle:", "green", "circle", OKABE_ITO["green"]),
    "behind_target": StatusLook(":material/trending_down:", "orange", "triangle-down",
                                OKABE_ITO["vermillion"]),
    "pending": StatusLook(":material/hourglass_top:", "blue", "circle-open", OKABE_ITO["sky"]),
    "success": StatusLook(":material/check_circle:", "green", "star", OKABE_ITO["blue"]),
    "failure": StatusLook(":material/cancel:", "red", "x", OKABE_ITO["black"]),
    "insufficient_data": StatusLook(":material/help:", "gray", "diamond-open",
                                    "#6E6E6E"),  # darker than the palette's grey: read as text
}
