"""Inter-agency correspondence: oficios, vistos buenos, dispatch, receipts and replies."""
