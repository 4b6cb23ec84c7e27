import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SURVEY_SCORE_MAX, SURVEY_SCORE_MIN } from '@callcentre/shared';

/** The caller's keypad answers, as the PBX reports them. */
export class KeypadAnswersDto {
  @ApiProperty({ minimum: SURVEY_SCORE_MIN, maximum: SURVEY_SCORE_MAX, description: 'How it went (1 very poor … 5 excellent)' })
  @IsInt()
  @Min(SURVEY_SCORE_MIN)
  @Max(SURVEY_SCORE_MAX)
  experience!: number;

  @ApiProperty({ minimum: SURVEY_SCORE_MIN, maximum: SURVEY_SCORE_MAX, description: 'What the customer expected (1 very little … 5 excellent)' })
  @IsInt()
  @Min(SURVEY_SCORE_MIN)
  @Max(SURVEY_SCORE_MAX)
  expectation!: number;
}

export class SurveyTokenDto {
  @ApiProperty({ description: 'The token of the survey link' })
  @IsString()
  @MaxLength(100)
  @Matches(/^svy_[A-Za-z0-9_-]{20,80}$/, { message: 'token is not a survey token' })
  token!: string;
}

export class WebSurveyAnswerDto extends KeypadAnswersDto {
  @ApiProperty({ description: 'The token of the survey link' })
  @IsString()
  @MaxLength(100)
  @Matches(/^svy_[A-Za-z0-9_-]{20,80}$/, { message: 'token is not a survey token' })
  token!: string;
}
