from django.urls import path

from appraisal.views import inspect, manage, people, qa

urlpatterns = [
    path("", people.my_scorecard, name="appraisal-mine"),
    path("people/<str:username>/", people.person_scorecard, name="appraisal-person"),
    path("team/", people.team, name="appraisal-team"),
    path("deductions/<int:deduction_id>/appeal/", people.appeal, name="appraisal-appeal"),
    path("appeals/<int:appeal_id>/decide/", people.decide, name="appraisal-decide"),
    path("inspect/", inspect.inspect, name="appraisal-inspect"),
    path("inspections/<int:inspection_id>/", inspect.inspection_detail, name="appraisal-inspection"),
    path("months/", manage.months, name="appraisal-months"),
    path("months/<str:month>/confirm/", manage.confirm, name="appraisal-confirm"),
    path("months/<str:month>/export/", manage.export, name="appraisal-export"),
    path("scorecards/", manage.scorecards, name="appraisal-scorecards"),
    path("rules/", manage.rules, name="appraisal-rules"),
    path("qa/", qa.qa_home, name="qa-home"),
    path("qa/review/<str:number>/", qa.review_form, name="qa-review-form"),
    path("qa/reviews/<int:review_id>/", qa.review_detail, name="qa-review"),
    path("qa/reviews/<int:review_id>/<slug:step>/", qa.review_step, name="qa-review-step"),
]
