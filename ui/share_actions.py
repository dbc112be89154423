"""The share box's actions on a link: a copy button that works on touch (a tap, not a corner icon that
shows on mouse hover), the phone's own share sheet where the browser has one (``navigator.share``:
Zalo, mail, messages), and the link's QR code.

The two buttons are a small component of Streamlit's (``st.components.v2``) run in the page: copying
and sharing must happen in the browser, on the reader's tap. The link reaches it as data, never as
markup, so whatever a link carries cannot become code in the page.
"""

from __future__ import annotations

import streamlit as st

from ntm.i18n import t
from presentation.qr import qr_svg

QR_WIDTH = 205  # pixels: the code's own size (presentation.qr), not scaled, so that it stays sharp

_HTML = """
<div class="actions">
  <button type="button" class="copy"></button>
  <button type="button" class="share" hidden></button>
</div>
<div class="status" role="status" aria-live="polite"></div>
"""

# Touch targets of at least 44 px; the theme's own colours and font (``--st-*``).
_CSS = """
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
button {
  flex: 1 1 8rem; min-height: 2.75rem; padding: 0.25rem 0.75rem; cursor: pointer;
  font: inherit; font-family: var(--st-font); color: var(--st-text-color);
  background: var(--st-background-color); border: 1px solid var(--st-border-color);
  border-radius: var(--st-base-radius, 0.5rem);
}
button.copy { color: #fff; background: var(--st-primary-color); border-color: var(--st-primary-color); }
button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 2px; }
.status { min-height: 1.25rem; margin-top: 0.25rem; font-family: var(--st-font); color: var(--st-text-color); }
"""

_JS = """
// Over plain HTTP (a server reached by its address on a local network) the Clipboard API is absent:
// the older copy command still copies a selected text.
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (refused) {}
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  area.setSelectionRange(0, text.length);
  const copied = document.execCommand("copy");
  area.remove();
  return copied;
}

export default function ({ parentElement, data }) {
  const copy = parentElement.querySelector(".copy");
  const share = parentElement.querySelector(".share");
  const status = parentElement.querySelector(".status");
  copy.textContent = data.copy;
  share.textContent = data.share;
  status.textContent = "";
  copy.onclick = async () => {
    status.textContent = (await copyText(data.link)) ? data.copied : data.not_copied;
  };
  share.hidden = !navigator.share;
  share.onclick = () => navigator.share({ title: data.title, url: data.link }).catch(() => {});
}
"""

_buttons = st.components.v2.component("ntm_share_link", html=_HTML, css=_CSS, js=_JS)


def copy_and_share(link: str, title: str, lang: str) -> None:
    """The copy and share buttons for ``link`` (``title`` names it in the share sheet)."""
    _buttons(
        key="share_link_buttons",
        data={
            "link": link,
            "title": title,
            "copy": t("sharing.copy_button", lang),
            "copied": t("sharing.copied", lang),
            "not_copied": t("sharing.not_copied", lang),
            "share": t("sharing.share_button", lang),
        },
    )


def qr_code(link: str, lang: str) -> None:
    """The link's QR code, to open it on a phone held up to the screen."""
    st.image(qr_svg(link), width=QR_WIDTH, caption=t("sharing.qr_caption", lang))
