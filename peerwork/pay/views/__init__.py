"""Pay pages, split by what the person is doing: the desk, cash boxes, one peer, set-up."""
