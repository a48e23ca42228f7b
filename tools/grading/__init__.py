"""Grade what students hand in: completed student notebooks and typed
answer sheets, with the teacher's key (tools/grade.py is the command).

One module per concern:

- settings: the points per question and the limits (calificacion.yml at
  the repository's root overrides the defaults written here);
- key: the teacher's key of each chapter, read from the full edition (the
  executed chapter's answer key, the full practice notebook's training
  constants) and the student notebook it grades;
- submission: what a handed-in notebook is (a chapter's student notebook,
  the full edition, something else) and where its answers are;
- sheets, typed and formulas: an answer sheet (.yml), each of its values
  read leniently, the way a group types numbers and formulas in a
  document;
- sandbox: where a submission's code runs (bubblewrap, resource limits);
- runner: a notebook run there with nbclient, the answers read out of it;
- judge: each answer judged with the teacher's Check, in a child process
  with a time limit;
- batch: a folder graded, several submissions at once;
- report: calificaciones.csv, the feedback of each submission, the
  summary on the terminal;
- examples: submissions made from the real student notebooks (right,
  wrong, unanswered, hostile), for the tests and the benchmark.
"""
