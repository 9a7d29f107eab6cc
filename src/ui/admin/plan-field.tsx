// The plan picker of the site and user forms: a `plan` select over the plans that kind of subject can have.

/** A labelled `<select name="plan">` over `plans`. */
export function PlanField({ label, plans, value }: { label: string; plans: readonly string[]; value: string }) {
  return (
    <label class="field">
      <span>{label}</span>
      <select name="plan" defaultValue={value}>
        {plans.map((plan) => (
          <option key={plan} value={plan}>
            {plan}
          </option>
        ))}
      </select>
    </label>
  );
}
