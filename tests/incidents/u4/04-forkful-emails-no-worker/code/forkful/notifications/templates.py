from string import Template

_TEMPLATES = {
    "order_confirmation": Template(
        "<p>Hi $first_name,</p><p>Thanks for your order <b>$order_id</b>. Your box will arrive on "
        "your chosen delivery day.</p><ul>$lines</ul>"
    ),
    "password_reset": Template('<p>Reset your password: <a href="$reset_url">$reset_url</a></p>'),
}


def render(name: str, **ctx) -> str:
    if "items" in ctx:
        ctx["lines"] = "".join(f"<li>{i['qty']} x {i['name']}</li>" for i in ctx.pop("items"))
    return _TEMPLATES[name].safe_substitute(**ctx)
