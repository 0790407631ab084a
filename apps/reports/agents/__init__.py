"""The quarterly Agen Perubahan report (FRM-05) on the reports mechanism: its sections
(``sections``), its document (``document``), the agents' records it is drafted from
(plan vs actual per month, the contribution of each change: ``services``) and the
figures the LKE asks for (PRA1A/PRA1B: ``selectors.agent_changes``)."""
