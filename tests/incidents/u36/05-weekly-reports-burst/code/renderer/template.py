from html import escape


def render_html(workspace: dict, week: str, metrics: dict, bullets: list[str]) -> str:
    rows = "".join(
        f"<tr><td>{escape(k.replace('_', ' '))}</td><td>{escape(str(v))}</td></tr>" for k, v in metrics.get("kpis", {}).items()
    )
    items = "".join(f"<li>{escape(b)}</li>" for b in bullets)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(workspace.get('name', ''))} – {escape(week)}</title></head><body>"
        f"<h1>{escape(workspace.get('name', ''))}: week {escape(week)}</h1>"
        f"<ul class='summary'>{items}</ul><table>{rows}</table></body></html>"
    )
