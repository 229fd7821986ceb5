"""The web console, one module per screen group (STYLE.md): intake, lists, detail, actions."""
