/** A labelled <select> of a filter form: the empty value first (`all`), then each choice. */
export function ChoiceFilter<Value extends string>(props: {
  id: string;
  label: string;
  all: string;
  value: Value | '';
  choices: readonly Value[];
  labelOf: (choice: Value) => string;
  onChange: (value: Value | '') => void;
}) {
  return (
    <div class="filter">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value as Value | '')}
      >
        <option value="">{props.all}</option>
        {props.choices.map((choice) => (
          <option key={choice} value={choice}>
            {props.labelOf(choice)}
          </option>
        ))}
      </select>
    </div>
  );
}
