-- Argo CD health of an Enseada Registry, Repository or AccessPolicy, from its status: Progressing
-- until the operator has acted on the current spec, then its Ready condition decides.
local health = {status = "Progressing", message = "waiting for the operator"}
if obj.status == nil or obj.status.observedGeneration == nil
    or obj.status.observedGeneration < obj.metadata.generation then
  return health
end
for _, condition in ipairs(obj.status.conditions or {}) do
  if condition.type == "Ready" then
    health.message = condition.message
    if condition.status == "True" then
      health.status = "Healthy"
    elseif condition.reason == "Progressing" or condition.reason == "WaitingForRegistry"
        or condition.reason == "ClaimPending" then
      health.status = "Progressing"
    else
      health.status = "Degraded"
    end
  end
end
return health
