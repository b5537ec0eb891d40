"""The service layer: one facade (:class:`briefing.service.facade.Service`) and the jobs behind it."""
