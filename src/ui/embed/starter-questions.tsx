// The owner's starter questions, offered as buttons while the chat is empty: one click asks it.

/** Buttons that send their question; disabled while a message is on its way. */
export function StarterQuestions({
  questions,
  disabled,
  onAsk,
}: {
  questions: string[];
  disabled: boolean;
  onAsk(question: string): void;
}) {
  if (questions.length === 0) return null;
  return (
    <ul class="starters" aria-label="Suggested questions">
      {questions.map((question) => (
        <li key={question}>
          <button type="button" class="starter" disabled={disabled} onClick={() => onAsk(question)}>
            {question}
          </button>
        </li>
      ))}
    </ul>
  );
}
