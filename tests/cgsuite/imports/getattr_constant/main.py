import ops

fn = getattr(ops, "add")
fn(1, 2)
