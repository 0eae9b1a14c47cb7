from notifier import create_app

app = create_app()
